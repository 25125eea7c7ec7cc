#include "services/common/caller.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/validation.h"

namespace coalition {
namespace {

constexpr absl::string_view kPartnerPrefix = "partner:";
constexpr absl::string_view kMobilePrefix = "mobile:";

}  // namespace

absl::Status ValidateCaller(absl::string_view field, absl::string_view caller) {
  for (absl::string_view prefix : {kPartnerPrefix, kMobilePrefix}) {
    if (absl::StartsWith(caller, prefix)) {
      return ValidatePartnerSlug(field, caller.substr(prefix.size()));
    }
  }
  return ValidateId(field, caller);
}

std::optional<std::string> PartnerOfCaller(absl::string_view caller) {
  if (!absl::StartsWith(caller, kPartnerPrefix)) return std::nullopt;
  return std::string(caller.substr(kPartnerPrefix.size()));
}

bool ActsFor(absl::string_view caller, absl::string_view partner_id) {
  if (absl::StartsWith(caller, kMobilePrefix)) return false;
  const std::optional<std::string> partner = PartnerOfCaller(caller);
  return !partner || *partner == partner_id;
}

absl::Status CheckActsFor(absl::string_view caller, absl::string_view field,
                          absl::string_view partner_id) {
  if (ActsFor(caller, partner_id)) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(field, ": '", caller,
                                                  "' may act only for itself, not for partner '",
                                                  partner_id, "'"));
}

}  // namespace coalition
