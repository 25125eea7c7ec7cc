// The fake of RedemptionStore (services/redemption/redemption_store.h), in memory: redemptions
// and holds inserted once per request key, as the MariaDB store does (a repeated key returns
// what it made); a hold closed once, by the request that claimed it. Refunds and the sweeper's
// listings are not faked. Faults (faults.h) may fail its steps.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "services/common/request_key.h"
#include "services/common/status_macros.h"
#include "services/redemption/redemption_store.h"
#include "tests/fakes/faults.h"

namespace coalition::redemption {

class FakeRedemptionStore final : public RedemptionStore {
 public:
  absl::StatusOr<v1::Redemption> InsertRedemption(const RequestKey& key,
                                                  const v1::Redemption& redemption) override {
    RETURN_IF_ERROR(Before(faults, "InsertRedemption"));
    auto [it, inserted] = redemptions.try_emplace(Id(key), key.fingerprint, redemption);
    if (it->second.first != key.fingerprint) return RequestIdReused(key);
    RETURN_IF_ERROR(After(faults));
    return it->second.second;
  }
  absl::StatusOr<std::optional<v1::Redemption>> FindRedemption(const RequestKey& key) override {
    RETURN_IF_ERROR(Before(faults, "FindRedemption"));
    auto it = redemptions.find(Id(key));
    if (it != redemptions.end() && it->second.first != key.fingerprint) {
      return RequestIdReused(key);
    }
    RETURN_IF_ERROR(After(faults));
    if (it == redemptions.end()) return std::nullopt;
    return it->second.second;
  }
  absl::StatusOr<std::optional<v1::Hold>> FindHold(const RequestKey& key) override {
    RETURN_IF_ERROR(Before(faults, "FindHold"));
    auto it = holds.find(Id(key));
    if (it != holds.end() && it->second.first != key.fingerprint) return RequestIdReused(key);
    RETURN_IF_ERROR(After(faults));
    if (it == holds.end()) return std::nullopt;
    return it->second.second;
  }
  absl::StatusOr<v1::Hold> InsertHold(const RequestKey& key, const v1::Hold& hold) override {
    RETURN_IF_ERROR(Before(faults, "InsertHold"));
    auto [it, inserted] = holds.try_emplace(Id(key), key.fingerprint, hold);
    if (it->second.first != key.fingerprint) return RequestIdReused(key);
    if (inserted) holds_by_id[hold.hold_id()] = {hold, std::nullopt, std::nullopt};
    RETURN_IF_ERROR(After(faults));
    return holds_by_id.at(hold.hold_id()).hold;  // as it stands now
  }
  absl::StatusOr<StoredHold> GetHold(const std::string& hold_id) override {
    RETURN_IF_ERROR(Before(faults, "GetHold"));
    auto it = holds_by_id.find(hold_id);
    if (it == holds_by_id.end()) return absl::NotFoundError("hold_id: no hold");
    RETURN_IF_ERROR(After(faults));
    return it->second;
  }
  // Claims a HELD, unclaimed hold; the hold as it stands after, claimed by `key` or not.
  absl::StatusOr<StoredHold> ClaimClose(const RequestKey& key, const v1::Hold& closing,
                                        absl::Time) override {
    RETURN_IF_ERROR(Before(faults, "ClaimClose"));
    auto it = holds_by_id.find(closing.hold_id());
    if (it == holds_by_id.end()) return absl::NotFoundError("hold_id: no hold");
    StoredHold& stored = it->second;
    if (stored.hold.state() == v1::Hold::HELD && !stored.closed_by) {
      stored.closed_by = key;
      stored.closing = closing;
    }
    RETURN_IF_ERROR(After(faults));
    return stored;
  }
  // Finishes the close `key` claimed; false if there is none (finished already).
  absl::StatusOr<bool> CloseHold(const RequestKey& key, const v1::Hold& closed) override {
    RETURN_IF_ERROR(Before(faults, "CloseHold"));
    StoredHold& stored = holds_by_id.at(closed.hold_id());
    const bool closed_now = stored.closing && ClaimedBy(stored, key);
    if (closed_now) {
      stored.hold = closed;
      stored.closing.reset();
    }
    RETURN_IF_ERROR(After(faults));
    return closed_now;
  }
  absl::Status DropClaim(const std::string& hold_id, const RequestKey& key) override {
    StoredHold& stored = holds_by_id.at(hold_id);
    if (stored.closing && ClaimedBy(stored, key)) {
      stored.closed_by.reset();
      stored.closing.reset();
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<std::string>> InterruptedCloses(absl::Time, int) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<std::vector<v1::RedemptionRefund>> UnpostedRefunds(absl::Time, int) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<v1::RedemptionRefund> ReserveRefund(const RequestKey&,
                                                     const RefundDraft&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::Status MarkRefundPosted(const std::string&, int64_t) override {
    return absl::UnimplementedError("not faked");
  }
  absl::Status CancelRefund(const std::string&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<std::vector<std::string>> ExpiredHolds(absl::Time, int) override {
    return absl::UnimplementedError("not faked");
  }

  using Key = std::pair<std::string, std::string>;  // (caller, request_id)
  // By request key: (fingerprint, what the request made).
  std::map<Key, std::pair<std::string, v1::Redemption>> redemptions;
  std::map<Key, std::pair<std::string, v1::Hold>> holds;
  std::map<std::string, StoredHold> holds_by_id;  // the holds as they stand, by hold_id
  Faults* faults = nullptr;

 private:
  static Key Id(const RequestKey& key) { return {key.caller, key.request_id}; }
  static bool ClaimedBy(const StoredHold& stored, const RequestKey& key) {
    return stored.closed_by && stored.closed_by->caller == key.caller &&
           stored.closed_by->request_id == key.request_id;
  }
};

}  // namespace coalition::redemption
