// The operator-funded bonuses: setting the program, and the enrollment bonus (the referral bonus
// is a follow-up posting PostingPlanner plans for the qualifying earn, written in the earn's own
// transaction under the member's row lock, so it is paid once however purchases race).
//
//   Bonuses bonuses(store, ledger, clock);
//   RETURN_IF_ERROR(bonuses.GrantEnrollmentBonus(member_id));
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/account/v1/account.pb.h"
#include "services/account/bonus_store.h"
#include "services/account/ledger_store.h"
#include "services/common/clock.h"

namespace coalition::account {

inline constexpr int64_t kMaxBonusPoints = 1'000'000'000;

class Bonuses {
 public:
  Bonuses(BonusStore& store, LedgerStore& ledger, const Clock& clock)
      : store_(store), ledger_(ledger), clock_(clock) {}

  absl::StatusOr<v1::BonusProgram> SetProgram(absl::string_view caller,
                                              const v1::SetBonusProgramRequest& request);
  absl::StatusOr<v1::BonusProgram> GetProgram();
  // Credits the program's enrollment bonus, once per member (a retry re-sends the same posting).
  absl::Status GrantEnrollmentBonus(const std::string& member_id);

 private:
  BonusStore& store_;
  LedgerStore& ledger_;
  const Clock& clock_;
};

// A BONUS posting: the operator's promotions account pays `points` to the member.
v1::CreatePostingRequest BonusPosting(std::string request_id, const std::string& member_id,
                                      int64_t points, std::string reference);

}  // namespace coalition::account
