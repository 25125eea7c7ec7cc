// The fake of PurchaseStore (services/earning/purchase_store.h), in memory: claims the purchases
// it is given unless the member facts assumed no longer hold (and can lose one race to a
// concurrent purchase), and settles the PENDING ones a test puts in `purchases` once, under the
// key of the request that did. Faults (faults.h) may fail its settling steps.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/earning/purchase_store.h"
#include "tests/fakes/faults.h"

namespace coalition::earning {

class FakePurchaseStore final : public PurchaseStore {
 public:
  absl::StatusOr<MemberFacts> Facts(const std::string&, const std::string&, absl::Time,
                                    absl::Time) override {
    return facts;
  }
  absl::StatusOr<v1::Purchase> Claim(const RequestKey&, const v1::Purchase& purchase,
                                     const std::optional<MemberFacts>& assumed) override {
    if (assumed && !assumed->StillHoldIn(facts)) {
      return absl::AbortedError("another purchase came first");
    }
    claimed.push_back(purchase);
    if (race_once) {  // a concurrent purchase lands just before this claim
      race_once = false;
      facts.purchased_before = true;
      return absl::AbortedError("another purchase came first");
    }
    return purchase;
  }
  absl::StatusOr<std::optional<v1::Purchase>> Find(const RequestKey&) override {
    ++finds;
    return left_without_claim;
  }
  absl::Status RecordPosting(const std::string&, int64_t) override { return absl::OkStatus(); }
  absl::Status Withdraw(const std::string& purchase_id) override {
    withdrawn.push_back(purchase_id);
    return absl::OkStatus();
  }

  absl::StatusOr<v1::Purchase> Get(const std::string& purchase_id) override {
    RETURN_IF_ERROR(Before(faults, "Get"));
    auto it = purchases.find(purchase_id);
    if (it == purchases.end()) return absl::NotFoundError("purchase_id: no purchase");
    RETURN_IF_ERROR(After(faults));
    return it->second.purchase;
  }
  absl::StatusOr<Stored> GetByTransaction(const std::string& partner_id,
                                          const std::string& partner_transaction_id) override {
    RETURN_IF_ERROR(Before(faults, "GetByTransaction"));
    for (const auto& [id, stored] : purchases) {
      if (stored.purchase.partner_id() == partner_id &&
          stored.purchase.partner_transaction_id() == partner_transaction_id) {
        RETURN_IF_ERROR(After(faults));
        return stored;
      }
    }
    return absl::NotFoundError("partner_transaction_id: no purchase");
  }
  absl::StatusOr<bool> Settle(const std::string& purchase_id, v1::Purchase::State state,
                              const RequestKey& key, absl::Time now) override {
    RETURN_IF_ERROR(Before(faults, "Settle"));
    auto it = purchases.find(purchase_id);
    if (it == purchases.end()) return absl::NotFoundError("purchase_id: no purchase");
    const bool settled_now = it->second.purchase.state() == v1::Purchase::PENDING;
    if (settled_now) {
      it->second.purchase.set_state(state);
      *it->second.purchase.mutable_settle_time() = ToProtoTime(now);
      it->second.settled_by = key;
    }
    RETURN_IF_ERROR(After(faults));
    return settled_now;
  }

  absl::StatusOr<v1::PendingLapseRun> StartLapseRun(const RequestKey&, absl::Time) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<std::vector<std::string>> PurchasesToLapse(absl::Time, int) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<v1::PendingLapseRun> EndLapseStep(const v1::PendingLapseRun&, int64_t,
                                                   bool) override {
    return absl::UnimplementedError("not faked");
  }

  MemberFacts facts{false, 0};
  bool race_once = false;
  // What Find answers: a purchase an earlier attempt left under the key without its claim.
  std::optional<v1::Purchase> left_without_claim;
  int finds = 0;
  std::vector<v1::Purchase> claimed;
  std::vector<std::string> withdrawn;
  std::map<std::string, Stored> purchases;  // by purchase_id: what Get and Settle see
  Faults* faults = nullptr;
};

}  // namespace coalition::earning
