#include "services/earning/earning.h"

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/account/client/ledger_outcome.h"
#include "services/account/client/posting_builder.h"
#include "services/common/caller.h"
#include "services/common/ids.h"
#include "services/common/limits.h"
#include "services/common/proto_time.h"
#include "services/common/rate_math.h"
#include "services/common/status_macros.h"
#include "services/common/time_validation.h"
#include "services/common/validation.h"
#include "services/earning/promotion_funding.h"

namespace coalition::earning {
namespace {

// A claim can lose a race with another purchase by the same member at the partner (a first
// purchase, a monthly cap): it is then worked out again, this many times at most.
constexpr int kClaimAttempts = 5;

account::v1::CreatePostingRequest EarnPosting(const v1::Purchase& purchase) {
  // Keyed by the partner's transaction: one purchase can never be credited twice.
  account::v1::CreatePostingRequest posting = account::NewPosting(
      absl::StrCat("purchase/", purchase.partner_id(), "/", purchase.partner_transaction_id()),
      account::v1::EARN, purchase.partner_id(), purchase.member_id(),
      purchase.partner_transaction_id());
  AddIssuerLegs(posting, purchase.breakdown().funding(), purchase.partner_id(),
                -purchase.points_earned());
  // Pending points wait in the member's MEMBER_PENDING account until the partner confirms. Told
  // by pending_until, which the purchase keeps once confirmed or cancelled: a retry re-sends the
  // posting the purchase was recorded with, whatever its state now.
  account::AddLeg(posting,
                  purchase.has_pending_until() ? account::v1::MEMBER_PENDING : account::v1::MEMBER,
                  purchase.member_id(), purchase.points_earned());
  return posting;
}

// A business purchase's second posting: the partner issues the company its own points.
account::v1::CreatePostingRequest CorporatePosting(const v1::Purchase& purchase) {
  account::v1::CreatePostingRequest posting =
      account::NewPosting(absl::StrCat("purchase/", purchase.partner_id(), "/",
                                       purchase.partner_transaction_id(), "/corporate"),
                          account::v1::EARN, purchase.partner_id(), purchase.member_id(),
                          purchase.partner_transaction_id());
  account::AddLeg(posting, account::v1::PARTNER_ISSUED, purchase.partner_id(),
                  -purchase.corporate_points());
  account::AddLeg(posting, account::v1::CORPORATE, purchase.corporate_id(),
                  purchase.corporate_points());
  return posting;
}

std::pair<absl::Time, absl::Time> UtcMonthOf(absl::Time time) {
  const absl::CivilMonth month = absl::ToCivilMonth(time, absl::UTCTimeZone());
  return {absl::FromCivil(month, absl::UTCTimeZone()),
          absl::FromCivil(month + 1, absl::UTCTimeZone())};
}

}  // namespace

absl::Status ValidatePurchaseRequest(const v1::RecordPurchaseRequest& request, bool quote) {
  if (!quote) RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  RETURN_IF_ERROR(ValidatePositive("amount_minor", request.amount_minor(), kMaxAmount));
  RETURN_IF_ERROR(ValidateCurrency("currency", request.currency()));
  RETURN_IF_ERROR(ValidateText("category", request.category(), 64, /*required=*/false));
  if (!quote) {
    RETURN_IF_ERROR(ValidateRequestId("partner_transaction_id", request.partner_transaction_id()));
  }
  if (request.has_purchase_time()) {
    RETURN_IF_ERROR(ValidateTimestamp("purchase_time", request.purchase_time()));
  }
  if (request.business() && request.pending()) {
    return absl::InvalidArgumentError("business: a pending purchase cannot be a business one");
  }
  if (request.sku_groups_size() > 50) {
    return absl::InvalidArgumentError("sku_groups: at most 50");
  }
  for (int i = 0; i < request.sku_groups_size(); ++i) {
    RETURN_IF_ERROR(ValidateText(absl::StrCat("sku_groups[", i, "]"), request.sku_groups(i), 64,
                                 /*required=*/true));
  }
  return absl::OkStatus();
}

v1::EarnRules EnrollmentRules(const admin::v1::Partner& partner) {
  v1::EarnRules rules;
  rules.set_partner_id(partner.partner_id());
  rules.mutable_base_rate()->set_points(partner.earn_rate().points());
  rules.mutable_base_rate()->set_per_amount_minor(partner.earn_rate().per_amount_minor());
  return rules;
}

absl::StatusOr<Earning::Priced> Earning::Prepare(const v1::RecordPurchaseRequest& request) {
  ASSIGN_OR_RETURN(admin::v1::Partner partner, partners_.Get(request.partner_id()));
  if (partner.state() == admin::v1::Partner::SUSPENDED) {
    return absl::FailedPreconditionError(absl::StrCat("partner_id: partner '", partner.partner_id(),
                                                      "' is suspended: it cannot issue points"));
  }
  if (request.currency() != partner.currency()) {
    return absl::InvalidArgumentError(absl::StrCat("currency: partner '", partner.partner_id(),
                                                   "' takes ", partner.currency(), ", got ",
                                                   request.currency()));
  }
  const absl::Time now = clock_.Now();
  const absl::Time purchase_time =
      request.has_purchase_time() ? absl::FromUnixMicros(ProtoTimeToMicros(request.purchase_time()))
                                  : now;
  if (purchase_time > now + kMaxClockSkew) {
    return absl::InvalidArgumentError(
        absl::StrCat("purchase_time: is ", absl::ToInt64Seconds(purchase_time - now),
                     " s ahead of the coalition's clock; at most ",
                     absl::ToInt64Seconds(kMaxClockSkew), " s of skew is allowed"));
  }
  ASSIGN_OR_RETURN(std::optional<v1::EarnRules> published,
                   rules_.InForce(request.partner_id(), purchase_time));
  Priced priced;
  priced.prepaid = partner.prepaid();
  priced.rules = published ? *std::move(published) : EnrollmentRules(partner);
  const int window_days = priced.rules.reporting_window_days() > 0
                              ? priced.rules.reporting_window_days()
                              : kDefaultReportingWindowDays;
  if (purchase_time < now - absl::Hours(24) * window_days) {
    return absl::FailedPreconditionError(
        absl::StrCat("purchase_time: ", absl::FormatTime(purchase_time, absl::UTCTimeZone()),
                     " is older than partner '", partner.partner_id(), "''s reporting window of ",
                     window_days, " days"));
  }
  // The member's tier now (NOT_FOUND for an unknown member, before anything is recorded).
  ASSIGN_OR_RETURN(account::v1::MemberTier tier, accounts_.GetMemberTier(request.member_id()));
  EarnContext& context = priced.context;
  context.amount_minor = request.amount_minor();
  context.category = request.category();
  context.sku_groups.assign(request.sku_groups().begin(), request.sku_groups().end());
  context.purchase_time = purchase_time;
  context.tier_id = tier.tier_id();
  context.tier_ladder_bonus_bp = std::max(0, tier.earn_multiplier_bp() - 10'000);
  if (request.business()) {
    ASSIGN_OR_RETURN(const account::v1::Member member, accounts_.GetMember(request.member_id()));
    if (member.corporate_id().empty()) {
      return absl::FailedPreconditionError(absl::StrCat("business: member '", request.member_id(),
                                                        "' is not linked to a corporate account"));
    }
    priced.corporate_id = member.corporate_id();
    const v1::EarnRate& rate = priced.rules.has_corporate_rate() ? priced.rules.corporate_rate()
                                                                 : priced.rules.base_rate();
    ASSIGN_OR_RETURN(priced.corporate_points,
                     EarnedPoints(request.amount_minor(), rate.points(), rate.per_amount_minor()));
  }
  return priced;
}

absl::StatusOr<std::optional<MemberFacts>> Earning::AddFacts(
    const v1::RecordPurchaseRequest& request, Priced& priced) {
  // Only the first-purchase promotion and the monthly cap look at other purchases.
  EarnContext as_first = priced.context;
  as_first.first_purchase_at_partner = true;
  const bool first_matters = UsesFirstPurchaseBonus(priced.rules, as_first);
  const bool month_matters = priced.rules.max_points_per_member_per_month() > 0;
  if (!first_matters && !month_matters) return std::nullopt;
  const auto [month_start, month_end] = UtcMonthOf(priced.context.purchase_time);
  ASSIGN_OR_RETURN(MemberFacts facts, purchases_.Facts(request.member_id(), request.partner_id(),
                                                       month_start, month_end));
  priced.context.first_purchase_at_partner = !facts.purchased_before.value_or(false);
  priced.context.points_this_month = facts.points_this_month.value_or(0);
  // The claim checks again only what the points depend on.
  if (!first_matters) facts.purchased_before.reset();
  if (!month_matters) facts.points_this_month.reset();
  return facts;
}

absl::StatusOr<v1::EarnBreakdown> Earning::QuoteEarn(const v1::RecordPurchaseRequest& request) {
  RETURN_IF_ERROR(ValidatePurchaseRequest(request, /*quote=*/true));
  ASSIGN_OR_RETURN(Priced priced, Prepare(request));
  RETURN_IF_ERROR(AddFacts(request, priced).status());
  return EvaluateEarn(priced.rules, priced.context);
}

absl::StatusOr<v1::Purchase> Earning::RecordPurchase(absl::string_view caller,
                                                     const v1::RecordPurchaseRequest& request) {
  RETURN_IF_ERROR(ValidatePurchaseRequest(request));
  RETURN_IF_ERROR(CheckActsFor(caller, "partner_id", request.partner_id()));
  const RequestKey key = RequestKey::Of(caller, request);
  return claims_.Run<v1::Purchase>(
      key, [&]() -> absl::StatusOr<v1::Purchase> { return RecordClaimed(key, request); });
}

absl::StatusOr<v1::Purchase> Earning::RecordClaimed(const RequestKey& key,
                                                    const v1::RecordPurchaseRequest& request) {
  // A retry: credit (again, idempotently) what the first attempt claimed, whatever changed since.
  ASSIGN_OR_RETURN(std::optional<v1::Purchase> earlier, purchases_.Find(key));
  if (earlier) return Credit(*std::move(earlier));
  ASSIGN_OR_RETURN(Priced priced, Prepare(request));
  v1::Purchase purchase;
  purchase.set_purchase_id(NewId("pur"));
  purchase.set_partner_id(request.partner_id());
  purchase.set_member_id(request.member_id());
  purchase.set_amount_minor(request.amount_minor());
  purchase.set_currency(request.currency());
  purchase.set_category(request.category());
  purchase.set_partner_transaction_id(request.partner_transaction_id());
  *purchase.mutable_record_time() = ToProtoTime(clock_.Now());
  *purchase.mutable_purchase_time() = ToProtoTime(priced.context.purchase_time);
  purchase.set_state(request.pending() ? v1::Purchase::PENDING : v1::Purchase::CONFIRMED);
  purchase.set_corporate_id(priced.corporate_id);
  purchase.set_corporate_points(priced.corporate_points);
  if (request.pending()) {
    const int ttl_days = priced.rules.pending_ttl_days() > 0 ? priced.rules.pending_ttl_days()
                                                             : kDefaultPendingTtlDays;
    *purchase.mutable_pending_until() =
        ToProtoTime(priced.context.purchase_time + absl::Hours(24) * ttl_days);
  }
  absl::StatusOr<v1::Purchase> claimed = absl::AbortedError("not claimed");
  for (int attempt = 0; attempt < kClaimAttempts && absl::IsAborted(claimed.status()); ++attempt) {
    ASSIGN_OR_RETURN(const std::optional<MemberFacts> facts, AddFacts(request, priced));
    ASSIGN_OR_RETURN(*purchase.mutable_breakdown(), EvaluateEarn(priced.rules, priced.context));
    purchase.set_points_earned(purchase.breakdown().points());
    for (v1::FundedPoints& share :
         FundingOf(priced.rules, purchase.breakdown(), purchase.partner_id(), priced.prepaid)) {
      *purchase.mutable_breakdown()->add_funding() = std::move(share);
    }
    // A retry gets the purchase its first attempt claimed, and credits exactly that.
    claimed = purchases_.Claim(key, purchase, facts);
  }
  if (!claimed.ok()) return claimed.status();
  return Credit(*std::move(claimed));
}

absl::StatusOr<v1::RecordPurchasesResponse> Earning::RecordPurchases(
    absl::string_view caller, const v1::RecordPurchasesRequest& request) {
  const int count = request.purchases_size();
  if (count == 0 || count > kMaxBatchItems) {
    return absl::InvalidArgumentError(
        absl::StrCat("purchases: a batch has 1 to ", kMaxBatchItems, " purchases, got ", count));
  }
  v1::RecordPurchasesResponse response;
  for (int i = 0; i < count; ++i) response.add_results();
  std::atomic<int> next{0};
  const auto work = [&] {
    for (int i = next++; i < count; i = next++) {
      absl::StatusOr<v1::Purchase> recorded = RecordPurchase(caller, request.purchases(i));
      v1::PurchaseResult& result = *response.mutable_results(i);  // each worker its own slots
      result.set_code(static_cast<int>(recorded.status().code()));
      if (recorded.ok()) {
        *result.mutable_purchase() = *std::move(recorded);
      } else {
        result.set_message(absl::StrCat("purchases[", i, "].", recorded.status().message()));
      }
    }
  };
  std::vector<std::thread> workers;
  for (int w = 0; w < std::min(kBatchWorkers, count); ++w) workers.emplace_back(work);
  for (std::thread& worker : workers) worker.join();
  return response;
}

absl::StatusOr<v1::Purchase> Earning::GetPurchase(absl::string_view caller,
                                                  const v1::GetPurchaseRequest& request) {
  RETURN_IF_ERROR(ValidateId("purchase_id", request.purchase_id()));
  absl::StatusOr<v1::Purchase> purchase = purchases_.Get(request.purchase_id());
  // Another partner's purchase is answered as one that does not exist.
  if (purchase.ok() && !ActsFor(caller, purchase->partner_id())) {
    return absl::NotFoundError(
        absl::StrCat("purchase_id: no purchase '", request.purchase_id(), "'"));
  }
  return purchase;
}

absl::StatusOr<v1::Purchase> Earning::Credit(v1::Purchase purchase) {
  if (purchase.points_earned() == 0 && purchase.corporate_points() == 0) return purchase;
  if (purchase.points_earned() == 0) {  // only the company earns
    RETURN_IF_ERROR(accounts_.CreatePosting(CorporatePosting(purchase)).status());
    return purchase;
  }
  absl::StatusOr<account::v1::Posting> posted = accounts_.CreatePosting(EarnPosting(purchase));
  if (absl::IsAlreadyExists(posted.status())) {
    return absl::InternalError(absl::StrCat("purchase ", purchase.purchase_id(),
                                            ": the ledger holds another posting under its key"));
  }
  if (!posted.ok()) {
    // The ledger said no: nothing was posted, so the claim can go. On UNAVAILABLE or a deadline
    // the posting may have happened: the claim stays for the retry.
    if (account::LedgerRefusedForGood(posted.status())) {
      RETURN_IF_ERROR(purchases_.Withdraw(purchase.purchase_id()));
    }
    return posted.status();
  }
  if (purchase.posting_sequence() != posted->sequence()) {  // not recorded yet
    RETURN_IF_ERROR(purchases_.RecordPosting(purchase.purchase_id(), posted->sequence()));
    purchase.set_posting_sequence(posted->sequence());
  }
  // The company's points follow the member's; a retry re-sends both, and the ledger keeps one.
  if (purchase.corporate_points() > 0) {
    RETURN_IF_ERROR(accounts_.CreatePosting(CorporatePosting(purchase)).status());
  }
  return purchase;
}

}  // namespace coalition::earning
