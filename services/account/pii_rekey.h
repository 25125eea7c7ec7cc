// Key rotation for personal data: re-seals every member's data still under an older key (or
// stored in plaintext from before sealing) with the key ring's current key, so the old key can be
// dropped from the ring. Bounded and resumable like the expiry run (points_expiry.h).
//
// Rotation, step by step (docs/points.md): add the new key as the last (current) entry of the
// ring and restart; run RunPiiRekey until complete; remove the old key and restart.
//
//   PiiRekey rekey(store, clock);
//   absl::StatusOr<v1::PiiRekeyRun> run = rekey.Run("operator", request);
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/account/v1/account.pb.h"
#include "services/account/party_store.h"
#include "services/common/clock.h"

namespace coalition::account {

class PiiRekey {
 public:
  static constexpr int kBatchMembers = 200;

  PiiRekey(PartyStore& store, const Clock& clock) : store_(store), clock_(clock) {}

  absl::StatusOr<v1::PiiRekeyRun> Run(absl::string_view caller,
                                      const v1::RunPiiRekeyRequest& request);

 private:
  PartyStore& store_;
  const Clock& clock_;
};

}  // namespace coalition::account
