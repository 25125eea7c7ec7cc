// The fake of RedemptionStore (services/redemption/redemption_store.h), in memory: redemptions
// and holds inserted once per request key, as the MariaDB store does (a repeated key returns
// what it made). Closing holds and refunds are not faked. Faults (faults.h) may fail its steps.
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
    RETURN_IF_ERROR(After(faults));
    return it->second.second;
  }

  absl::StatusOr<StoredHold> GetHold(const std::string&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<StoredHold> ClaimClose(const RequestKey&, const v1::Hold&, absl::Time) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<bool> CloseHold(const RequestKey&, const v1::Hold&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::Status DropClaim(const std::string&, const RequestKey&) override {
    return absl::UnimplementedError("not faked");
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
  Faults* faults = nullptr;

 private:
  static Key Id(const RequestKey& key) { return {key.caller, key.request_id}; }
};

}  // namespace coalition::redemption
