#include "services/earning/earning.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
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

// Which of the member's facts at the partner the points depend on: whether this is the first
// purchase there (a first-purchase promotion), the points earned there this month (a cap).
std::pair<bool, bool> FactsThatMatter(const v1::EarnRules& rules, const EarnContext& context) {
  EarnContext as_first = context;
  as_first.first_purchase_at_partner = true;
  return {UsesFirstPurchaseBonus(rules, as_first), rules.max_points_per_member_per_month() > 0};
}

// Runs task(0) .. task(count - 1) on at most kBatchWorkers threads.
void InParallel(size_t count, const std::function<void(size_t)>& task) {
  std::atomic<size_t> next{0};
  const auto work = [&] {
    for (size_t i = next++; i < count; i = next++) task(i);
  };
  std::vector<std::thread> workers;
  for (size_t w = 0; w < std::min<size_t>(kBatchWorkers, count); ++w) workers.emplace_back(work);
  for (std::thread& worker : workers) worker.join();
}

// A CreatePostings answer as CreatePosting would have given it: the ledger names the posting's
// place in the call ("postings[3]."), which a single posting's answer does not.
// A call that failed as a whole answers each of its `size` postings with its status.
absl::StatusOr<account::v1::Posting> AsSinglePosting(
    const absl::StatusOr<account::v1::CreatePostingsResponse>& posted, size_t size, size_t index) {
  if (!posted.ok()) return posted.status();
  if (posted->results_size() != static_cast<int>(size)) {
    return absl::InternalError("the ledger answered a different number of postings");
  }
  const account::v1::PostingResult& result = posted->results(static_cast<int>(index));
  if (result.code() == 0) return result.posting();
  absl::string_view message = result.message();
  absl::ConsumePrefix(&message, absl::StrCat("postings[", index, "]."));
  return absl::Status(static_cast<absl::StatusCode>(result.code()), message);
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

absl::StatusOr<Earning::Priced> Earning::Prepare(const v1::RecordPurchaseRequest& request,
                                                 const TierOf& tier_of) {
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
  ASSIGN_OR_RETURN(
      account::v1::MemberTier tier,
      tier_of ? tier_of(request.member_id()) : accounts_.GetMemberTier(request.member_id()));
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
  const auto [first_matters, month_matters] = FactsThatMatter(priced.rules, priced.context);
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
  return claims_.Run<v1::Purchase>(key, [&](bool taken_over) -> absl::StatusOr<v1::Purchase> {
    return RecordClaimed(key, request, taken_over);
  });
}

absl::StatusOr<v1::Purchase> Earning::RecordClaimed(const RequestKey& key,
                                                    const v1::RecordPurchaseRequest& request,
                                                    bool taken_over) {
  // Taken over from an earlier attempt: credit (again, idempotently) what it claimed, whatever
  // changed since. A claim of this attempt's own looks only if the checks refuse the purchase now:
  // an attempt may have left a purchase without its claim (one recorded before claims were kept,
  // or whose claim was given back), and that purchase stands whatever the checks say today. When
  // the checks pass, the claim's insert finds such a purchase itself.
  if (taken_over) {
    ASSIGN_OR_RETURN(std::optional<v1::Purchase> earlier, purchases_.Find(key));
    if (earlier) return Credit(*std::move(earlier));
  }
  absl::StatusOr<v1::Purchase> claimed = ClaimNew(key, request);
  if (!claimed.ok() && !taken_over) {
    ASSIGN_OR_RETURN(std::optional<v1::Purchase> earlier, purchases_.Find(key));
    if (earlier) return Credit(*std::move(earlier));
  }
  if (!claimed.ok()) return claimed.status();
  return Credit(*std::move(claimed));
}

absl::StatusOr<v1::Purchase> Earning::ClaimNew(const RequestKey& key,
                                               const v1::RecordPurchaseRequest& request) {
  ASSIGN_OR_RETURN(Priced priced, Prepare(request));
  v1::Purchase purchase = NewPurchase(request, priced);
  absl::StatusOr<v1::Purchase> claimed = absl::AbortedError("not claimed");
  for (int attempt = 0; attempt < kClaimAttempts && absl::IsAborted(claimed.status()); ++attempt) {
    ASSIGN_OR_RETURN(const std::optional<MemberFacts> facts, AddFacts(request, priced));
    RETURN_IF_ERROR(Price(priced, purchase));
    // A retry gets the purchase its first attempt claimed, and credits exactly that.
    claimed = purchases_.Claim(key, purchase, facts);
  }
  return claimed;
}

v1::Purchase Earning::NewPurchase(const v1::RecordPurchaseRequest& request, const Priced& priced) {
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
  return purchase;
}

absl::Status Earning::Price(const Priced& priced, v1::Purchase& purchase) {
  ASSIGN_OR_RETURN(*purchase.mutable_breakdown(), EvaluateEarn(priced.rules, priced.context));
  purchase.set_points_earned(purchase.breakdown().points());
  for (v1::FundedPoints& share :
       FundingOf(priced.rules, purchase.breakdown(), purchase.partner_id(), priced.prepaid)) {
    *purchase.mutable_breakdown()->add_funding() = std::move(share);
  }
  return absl::OkStatus();
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
  const auto answer = [&](int i, const absl::StatusOr<v1::Purchase>& recorded) {
    v1::PurchaseResult& result = *response.mutable_results(i);  // each item its own slot
    result.Clear();
    result.set_code(static_cast<int>(recorded.status().code()));
    if (recorded.ok()) {
      *result.mutable_purchase() = *recorded;
    } else {
      result.set_message(absl::StrCat("purchases[", i, "].", recorded.status().message()));
    }
  };
  // Bad input is answered before any claim, as RecordPurchase answers it. A twin of a request_id
  // earlier in the batch goes one by one after the bulk: it then finds its first's answer.
  std::vector<int> bulk;
  std::vector<RequestKey> keys;
  std::vector<int> one_by_one;
  absl::flat_hash_set<std::string> request_ids;
  for (int i = 0; i < count; ++i) {
    const v1::RecordPurchaseRequest& item = request.purchases(i);
    absl::Status valid = ValidatePurchaseRequest(item);
    if (valid.ok()) valid = CheckActsFor(caller, "partner_id", item.partner_id());
    if (!valid.ok()) {
      answer(i, valid);
    } else if (!request_ids.insert(item.request_id()).second) {
      one_by_one.push_back(i);
    } else {
      bulk.push_back(i);
      keys.push_back(RequestKey::Of(caller, item));
    }
  }
  // Keys answered before get their answer; fresh keys go in bulk; the rest one by one.
  std::vector<size_t> fresh;  // positions in `bulk`
  std::vector<std::string> runners(bulk.size());
  absl::StatusOr<std::vector<std::optional<RequestClaims::Claim>>> claims =
      claims_.AcquireAll(keys);
  for (size_t j = 0; j < bulk.size(); ++j) {
    const std::optional<RequestClaims::Claim>* claim = claims.ok() ? &(*claims)[j] : nullptr;
    if (claim == nullptr || !claim->has_value()) {
      one_by_one.push_back(bulk[j]);
    } else if ((*claim)->runner.empty()) {
      answer(bulk[j], RecordedResponse<v1::Purchase>(**claim));
    } else {
      fresh.push_back(j);
      runners[j] = (*claim)->runner;
    }
  }
  std::vector<RequestKey> fresh_keys;
  std::vector<const v1::RecordPurchaseRequest*> fresh_requests;
  for (size_t j : fresh) {
    fresh_keys.push_back(keys[j]);
    fresh_requests.push_back(&request.purchases(bulk[j]));
  }
  std::vector<std::optional<absl::StatusOr<v1::Purchase>>> results =
      RecordFresh(fresh_keys, fresh_requests);
  // What is left goes through the per-item path, a few at a time: `later` runs after the answers
  // below are recorded.
  std::vector<std::function<void()>> later;
  const auto record_one_by_one = [&](int i) {
    later.push_back([&, i] { answer(i, RecordPurchase(caller, request.purchases(i))); });
  };
  std::vector<RequestClaims::Answer> finals;
  std::vector<int> final_items;
  for (size_t f = 0; f < fresh.size(); ++f) {
    const size_t j = fresh[f];
    const int i = bulk[j];
    if (!results[f]) {  // worked out one by one, under the claim held
      later.push_back([&, i, j] {
        const absl::StatusOr<v1::Purchase> recorded =
            RecordClaimed(keys[j], request.purchases(i), /*taken_over=*/false);
        answer(i, recorded);
        if (!Finish(keys[j], runners[j], recorded)) {
          answer(i, RecordPurchase(caller, request.purchases(i)));
        }
      });
      continue;
    }
    const absl::StatusOr<v1::Purchase>& recorded = *results[f];
    answer(i, recorded);
    if (IsFinalAnswer(recorded.status())) {
      finals.push_back({keys[j], runners[j], recorded.status(),
                        recorded.ok() ? recorded->SerializeAsString() : ""});
      final_items.push_back(i);
    } else {
      Finish(keys[j], runners[j], recorded);  // gives the key back or abandons it: no answer
    }
  }
  // Not recorded, the answers still stand (as in RequestClaims::Run); a claim taken over
  // meanwhile goes round again, one by one.
  if (absl::StatusOr<std::vector<bool>> recorded = claims_.RecordAll(finals); recorded.ok()) {
    for (size_t k = 0; k < finals.size(); ++k) {
      if (!(*recorded)[k]) record_one_by_one(final_items[k]);
    }
  }
  for (int i : one_by_one) record_one_by_one(i);
  InParallel(later.size(), [&](size_t k) { later[k](); });
  return response;
}

std::vector<std::optional<absl::StatusOr<v1::Purchase>>> Earning::RecordFresh(
    std::span<const RequestKey> keys, std::span<const v1::RecordPurchaseRequest* const> requests) {
  const size_t count = keys.size();
  std::vector<std::optional<absl::StatusOr<v1::Purchase>>> results(count);
  // The members' tiers, each read once, a few at a time. A business purchase goes one by one.
  absl::flat_hash_map<std::string, absl::StatusOr<account::v1::MemberTier>> tiers;
  for (const v1::RecordPurchaseRequest* request : requests) {
    if (!request->business()) tiers.try_emplace(request->member_id(), absl::UnknownError(""));
  }
  std::vector<absl::StatusOr<account::v1::MemberTier>*> to_read;
  std::vector<std::string> members;
  for (auto& [member_id, tier] : tiers) {
    members.push_back(member_id);
    to_read.push_back(&tier);
  }
  InParallel(members.size(), [&](size_t k) { *to_read[k] = accounts_.GetMemberTier(members[k]); });
  const TierOf tier_of = [&](const std::string& member_id) { return tiers.at(member_id); };
  // Fresh keys: a purchase claimed under one before (without its claim) is found by the claims'
  // insert, as RecordClaimed finds it. A purchase the checks refuse goes one by one, which looks
  // for such a purchase before refusing.
  std::vector<PurchaseStore::ToClaim> to_claim;
  std::vector<size_t> claimed_items;
  for (size_t i = 0; i < count; ++i) {
    const v1::RecordPurchaseRequest& request = *requests[i];
    if (request.business()) continue;
    absl::StatusOr<Priced> priced = Prepare(request, tier_of);
    if (!priced.ok()) continue;
    const auto [first_matters, month_matters] = FactsThatMatter(priced->rules, priced->context);
    if (first_matters || month_matters) continue;
    v1::Purchase purchase = NewPurchase(request, *priced);
    if (!Price(*priced, purchase).ok()) continue;
    to_claim.push_back({keys[i], std::move(purchase)});
    claimed_items.push_back(i);
  }
  std::vector<absl::StatusOr<v1::Purchase>> claimed = purchases_.ClaimAll(to_claim);
  std::vector<v1::Purchase> to_credit;
  std::vector<size_t> credited_items;
  for (size_t k = 0; k < claimed.size(); ++k) {
    if (claimed[k].ok()) {
      to_credit.push_back(*std::move(claimed[k]));
      credited_items.push_back(claimed_items[k]);
    } else {
      results[claimed_items[k]] = claimed[k].status();
    }
  }
  std::vector<absl::StatusOr<v1::Purchase>> credited = CreditAll(std::move(to_credit));
  for (size_t k = 0; k < credited.size(); ++k) results[credited_items[k]] = credited[k];
  return results;
}

std::vector<absl::StatusOr<v1::Purchase>> Earning::CreditAll(std::vector<v1::Purchase> purchases) {
  std::vector<absl::StatusOr<v1::Purchase>> results(purchases.size());
  std::vector<size_t> to_post;
  for (size_t i = 0; i < purchases.size(); ++i) {
    if (purchases[i].corporate_points() > 0) {  // an earlier claim's business purchase
      results[i] = Credit(purchases[i]);
    } else if (purchases[i].points_earned() == 0) {
      results[i] = purchases[i];
    } else {
      to_post.push_back(i);
    }
  }
  std::vector<std::pair<std::string, int64_t>> to_record;
  std::vector<size_t> recorded_items;
  for (size_t first = 0; first < to_post.size(); first += kMaxBatchItems) {
    const size_t size = std::min<size_t>(kMaxBatchItems, to_post.size() - first);
    account::v1::CreatePostingsRequest batch;
    for (size_t j = 0; j < size; ++j) {
      *batch.add_postings() = EarnPosting(purchases[to_post[first + j]]);
    }
    const absl::StatusOr<account::v1::CreatePostingsResponse> posted =
        accounts_.CreatePostings(batch);
    for (size_t j = 0; j < size; ++j) {
      const size_t i = to_post[first + j];
      EarnAnswer earned = ReadEarnAnswer(purchases[i], AsSinglePosting(posted, size, j));
      if (earned.withdraw) {
        if (absl::Status withdrawn = purchases_.Withdraw(purchases[i].purchase_id());
            !withdrawn.ok()) {
          earned.purchase = withdrawn;
        }
      }
      if (earned.record) {
        to_record.emplace_back(purchases[i].purchase_id(), earned.purchase->posting_sequence());
        recorded_items.push_back(i);
      }
      results[i] = std::move(earned.purchase);
    }
  }
  if (absl::Status recorded = purchases_.RecordPostings(to_record); !recorded.ok()) {
    for (size_t i : recorded_items) results[i] = recorded;
  }
  return results;
}

bool Earning::Finish(const RequestKey& key, const std::string& runner,
                     const absl::StatusOr<v1::Purchase>& result) {
  if (!IsFinalAnswer(result.status())) {
    // Best effort: a claim neither released nor abandoned lapses after its lease.
    if (ChangedNothing(result.status())) {
      (void)claims_.Release(key, runner);
    } else {
      (void)claims_.Abandon(key, runner);
    }
    return true;
  }
  absl::StatusOr<bool> recorded =
      claims_.Record(key, runner, result.status(), result.ok() ? result->SerializeAsString() : "");
  return !recorded.ok() || *recorded;
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

Earning::EarnAnswer Earning::ReadEarnAnswer(v1::Purchase purchase,
                                            const absl::StatusOr<account::v1::Posting>& posted) {
  if (absl::IsAlreadyExists(posted.status())) {
    return {absl::InternalError(absl::StrCat("purchase ", purchase.purchase_id(),
                                             ": the ledger holds another posting under its key"))};
  }
  // The ledger said no: nothing was posted, so the claim can go. On UNAVAILABLE or a deadline
  // the posting may have happened: the claim stays for the retry.
  if (!posted.ok()) return {posted.status(), account::LedgerRefusedForGood(posted.status())};
  EarnAnswer answer;
  answer.record = purchase.posting_sequence() != posted->sequence();  // not recorded yet
  purchase.set_posting_sequence(posted->sequence());
  answer.purchase = std::move(purchase);
  return answer;
}

absl::StatusOr<v1::Purchase> Earning::Credit(v1::Purchase purchase) {
  if (purchase.points_earned() == 0 && purchase.corporate_points() == 0) return purchase;
  if (purchase.points_earned() == 0) {  // only the company earns
    RETURN_IF_ERROR(accounts_.CreatePosting(CorporatePosting(purchase)).status());
    return purchase;
  }
  EarnAnswer earned = ReadEarnAnswer(purchase, accounts_.CreatePosting(EarnPosting(purchase)));
  if (earned.withdraw) RETURN_IF_ERROR(purchases_.Withdraw(purchase.purchase_id()));
  if (earned.record) {
    RETURN_IF_ERROR(
        purchases_.RecordPosting(purchase.purchase_id(), earned.purchase->posting_sequence()));
  }
  if (!earned.purchase.ok()) return earned.purchase.status();
  // The company's points follow the member's; a retry re-sends both, and the ledger keeps one.
  if (purchase.corporate_points() > 0) {
    RETURN_IF_ERROR(accounts_.CreatePosting(CorporatePosting(earned.purchase.value())).status());
  }
  return earned.purchase;
}

}  // namespace coalition::earning
