#include "settlement/partner_terms_cache.h"

#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/version_in_force.h"

namespace coalition::settlement {
namespace {

// Versions may start up to a second before they are published (clock tolerance).
constexpr absl::Duration kPublishTolerance = absl::Seconds(1);

bool FinalFor(const admin::v1::ListPartnerTermsResponse& list, absl::Time time) {
  return time < absl::FromUnixMicros(ProtoTimeToMicros(list.as_of())) - kPublishTolerance;
}

}  // namespace

PartnerTermsCache::Mark PartnerTermsCache::MarkNow() {
  absl::MutexLock lock(&mu_);
  return reads_;
}

absl::StatusOr<PartnerTermsCache::Versions> PartnerTermsCache::ListFinalFor(
    const std::string& partner_id, absl::Time time, Mark fresh_since) {
  Mark read;
  {
    absl::MutexLock lock(&mu_);
    auto kept = kept_.find(partner_id);
    if (kept != kept_.end() &&
        (kept->second.read > fresh_since || FinalFor(*kept->second.list, time))) {
      return kept->second.list;
    }
    // Counted as it begins: a read under way when a mark is taken is not after the mark.
    read = ++reads_;
  }
  ASSIGN_OR_RETURN(admin::v1::ListPartnerTermsResponse fresh,
                   accounts_.ListPartnerTerms(partner_id));
  auto list = std::make_shared<const admin::v1::ListPartnerTermsResponse>(std::move(fresh));
  absl::MutexLock lock(&mu_);
  if (kept_.size() >= 10'000) kept_.clear();
  // A read that began earlier but answered later does not replace a newer list.
  if (Kept& kept = kept_[partner_id]; read > kept.read) kept = {list, read};
  return list;
}

absl::StatusOr<int64_t> PartnerTermsCache::VersionAt(const std::string& partner_id,
                                                     absl::Time time, Mark fresh_since) {
  ASSIGN_OR_RETURN(const Versions list, ListFinalFor(partner_id, time, fresh_since));
  const std::vector<admin::v1::PartnerTerms> versions(list->versions().begin(),
                                                      list->versions().end());
  const std::optional<admin::v1::PartnerTerms> in_force = VersionInForce(versions, time);
  return in_force ? in_force->version() : 0;  // before the partner existed: its first terms
}

absl::StatusOr<admin::v1::PartnerTerms> PartnerTermsCache::Version(const std::string& partner_id,
                                                                   int64_t version) {
  // A version a posting was counted under was in the list then, so any list has it.
  ASSIGN_OR_RETURN(const Versions list,
                   ListFinalFor(partner_id, absl::InfinitePast(), kNoMark));
  for (const admin::v1::PartnerTerms& terms : list->versions()) {
    if (terms.version() == version) return terms;
  }
  return absl::NotFoundError(
      absl::StrCat("partner '", partner_id, "' has no terms version ", version));
}

}  // namespace coalition::settlement
