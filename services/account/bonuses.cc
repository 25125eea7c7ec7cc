#include "services/account/bonuses.h"

#include "absl/strings/str_cat.h"
#include "services/account/client/posting_builder.h"
#include "services/account/ledger_rules.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace coalition::account {
namespace {

constexpr absl::string_view kBonusCaller = "account.bonus";

absl::Status ValidateBonus(absl::string_view field, int64_t points) {
  if (points < 0 || points > kMaxBonusPoints) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be 0 (none) to ", kMaxBonusPoints, ", got ", points));
  }
  return absl::OkStatus();
}

}  // namespace

v1::CreatePostingRequest BonusPosting(std::string request_id, const std::string& member_id,
                                      int64_t points, std::string reference) {
  v1::CreatePostingRequest posting = NewPosting(std::move(request_id), v1::BONUS, /*partner_id=*/"",
                                                member_id, std::move(reference));
  AddLeg(posting, v1::OPERATOR_PROMOTIONS, std::string(kOperatorOwner), -points);
  AddLeg(posting, v1::MEMBER, member_id, points);
  return posting;
}

absl::StatusOr<v1::BonusProgram> Bonuses::SetProgram(absl::string_view caller,
                                                     const v1::SetBonusProgramRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  const v1::BonusProgram& program = request.program();
  RETURN_IF_ERROR(
      ValidateBonus("program.enrollment_bonus_points", program.enrollment_bonus_points()));
  RETURN_IF_ERROR(ValidateBonus("program.referral_bonus_points", program.referral_bonus_points()));
  RETURN_IF_ERROR(ValidateBonus("program.referral_min_points", program.referral_min_points()));
  v1::BonusProgram stamped = program;
  stamped.clear_version();
  *stamped.mutable_create_time() = ToProtoTime(clock_.Now());
  return store_.Publish(RequestKey::Of(caller, request), stamped);
}

absl::StatusOr<v1::BonusProgram> Bonuses::GetProgram() { return store_.Current(); }

absl::Status Bonuses::GrantEnrollmentBonus(const std::string& member_id) {
  ASSIGN_OR_RETURN(const v1::BonusProgram program, store_.Current());
  if (program.enrollment_bonus_points() == 0) return absl::OkStatus();
  const v1::CreatePostingRequest posting =
      BonusPosting(absl::StrCat("enrollment-bonus/", member_id), member_id,
                   program.enrollment_bonus_points(), "enrollment");
  absl::Status granted = ledger_.Append(DraftOf(kBonusCaller, posting, clock_.Now())).status();
  // Granted before, under a program that paid another amount: once is enough.
  if (absl::IsAlreadyExists(granted)) return absl::OkStatus();
  return granted;
}

}  // namespace coalition::account
