#include "services/earning/pending_purchases.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "services/account/client/posting_builder.h"
#include "services/common/bounded_steps.h"
#include "services/common/caller.h"
#include "services/common/fingerprint.h"
#include "services/common/limits.h"
#include "services/common/page_token.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/earning/promotion_funding.h"

namespace coalition::earning {
namespace {

constexpr absl::string_view kLapseCaller = "earning.lapse";

// CONFIRM moves the points to the member's spendable account; CANCEL (cancelled or lapsed) back
// to the partner that issued them.
account::v1::CreatePostingRequest SettlePosting(const v1::Purchase& purchase) {
  const bool confirm = purchase.state() == v1::Purchase::CONFIRMED;
  account::v1::CreatePostingRequest posting = account::NewPosting(
      absl::StrCat(confirm ? "confirm/" : "cancel/", purchase.partner_id(), "/",
                   purchase.partner_transaction_id()),
      confirm ? account::v1::CONFIRM : account::v1::CANCEL, purchase.partner_id(),
      purchase.member_id(), purchase.partner_transaction_id());
  account::AddLeg(posting, account::v1::MEMBER_PENDING, purchase.member_id(),
                  -purchase.points_earned());
  if (confirm) {
    account::AddLeg(posting, account::v1::MEMBER, purchase.member_id(), purchase.points_earned());
  } else {  // back to whoever issued them, co-funders included
    AddIssuerLegs(posting, purchase.breakdown().funding(), purchase.partner_id(),
                  purchase.points_earned());
  }
  return posting;
}

}  // namespace

absl::StatusOr<v1::Purchase> PendingPurchases::Confirm(absl::string_view caller,
                                                       const v1::SettlePurchaseRequest& request) {
  return Settle(caller, request, v1::Purchase::CONFIRMED);
}

absl::StatusOr<v1::Purchase> PendingPurchases::Cancel(absl::string_view caller,
                                                      const v1::SettlePurchaseRequest& request) {
  return Settle(caller, request, v1::Purchase::CANCELLED);
}

absl::StatusOr<v1::Purchase> PendingPurchases::Settle(absl::string_view caller,
                                                      const v1::SettlePurchaseRequest& request,
                                                      v1::Purchase::State to) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  RETURN_IF_ERROR(ValidateRequestId("partner_transaction_id", request.partner_transaction_id()));
  RETURN_IF_ERROR(CheckActsFor(caller, "partner_id", request.partner_id()));
  // Confirm and cancel take the same message: what is asked is part of the request.
  RequestKey key = RequestKey::Of(caller, request);
  key.fingerprint = Sha256Hex(absl::StrCat(key.fingerprint, ":", v1::Purchase::State_Name(to)));
  ASSIGN_OR_RETURN(PurchaseStore::Stored stored,
                   store_.GetByTransaction(request.partner_id(), request.partner_transaction_id()));
  return SettleStored(stored, key, to);
}

absl::StatusOr<v1::Purchase> PendingPurchases::SettleStored(const PurchaseStore::Stored& stored,
                                                            const RequestKey& key,
                                                            v1::Purchase::State to) {
  v1::Purchase purchase = stored.purchase;
  const bool settled_by_this = stored.settled_by && stored.settled_by->caller == key.caller &&
                               stored.settled_by->request_id == key.request_id;
  if (purchase.state() == v1::Purchase::PENDING) {
    // One reading of the clock for the row and the answer, so a retry reads back the same time.
    const absl::Time settle_time = clock_.Now();
    ASSIGN_OR_RETURN(const bool settled_now,
                     store_.Settle(purchase.purchase_id(), to, key, settle_time));
    if (!settled_now) {  // another request settled it first
      ASSIGN_OR_RETURN(
          PurchaseStore::Stored now,
          store_.GetByTransaction(purchase.partner_id(), purchase.partner_transaction_id()));
      return SettleStored(now, key, to);
    }
    purchase.set_state(to);
    *purchase.mutable_settle_time() = ToProtoTime(settle_time);
  } else if (!settled_by_this) {
    return absl::FailedPreconditionError(
        absl::StrCat("partner_transaction_id: purchase ", purchase.purchase_id(), " is ",
                     v1::Purchase::State_Name(purchase.state()),
                     stored.settled_by ? "" : ": it was never pending"));
  } else {
    RETURN_IF_ERROR(CheckSameRequest(stored.settled_by->fingerprint, key));
  }
  // This request settled it (now, or before a crash or lost reply): post, or re-post the same.
  if (purchase.points_earned() > 0) {
    RETURN_IF_ERROR(accounts_.CreatePosting(SettlePosting(purchase)).status());
  }
  return purchase;
}

absl::StatusOr<v1::PendingLapseRun> PendingPurchases::Lapse(
    absl::string_view caller, const v1::LapsePendingPurchasesRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  ASSIGN_OR_RETURN(const int max_purchases, BoundedCount("max_purchases", request.max_purchases(),
                                                         kDefaultSweepItems, kMaxSweepItems));
  v1::LapsePendingPurchasesRequest what = request;  // how much per call is not what the run is
  what.clear_max_purchases();
  ASSIGN_OR_RETURN(v1::PendingLapseRun run,
                   store_.StartLapseRun(RequestKey::Of(caller, what), clock_.Now()));
  if (run.complete()) return run;
  const absl::Time as_of = absl::FromUnixMicros(ProtoTimeToMicros(run.as_of()));
  int64_t lapsed = 0;
  ASSIGN_OR_RETURN(const bool complete,
                   WorkInBoundedSteps(
                       max_purchases, kBatchPurchases,
                       [&](int limit) { return store_.PurchasesToLapse(as_of, limit); },
                       [&](const std::string& purchase_id) -> absl::Status {
                         ASSIGN_OR_RETURN(v1::Purchase purchase, store_.Get(purchase_id));
                         const RequestKey key{std::string(kLapseCaller),
                                              absl::StrCat("lapse/", purchase_id),
                                              Sha256Hex(purchase_id)};
                         absl::StatusOr<v1::Purchase> settled =
                             SettleStored({purchase, std::nullopt}, key, v1::Purchase::LAPSED);
                         // Confirmed or cancelled by the partner since it was listed: nothing to
                         // lapse.
                         if (absl::IsFailedPrecondition(settled.status())) return absl::OkStatus();
                         RETURN_IF_ERROR(settled.status());
                         ++lapsed;
                         return absl::OkStatus();
                       }));
  return store_.EndLapseStep(run, lapsed, complete);
}

}  // namespace coalition::earning
