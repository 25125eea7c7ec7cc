#include "services/account/bonuses.h"

#include "absl/strings/str_cat.h"
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
  v1::CreatePostingRequest posting;
  posting.set_request_id(std::move(request_id));
  posting.set_type(v1::BONUS);
  posting.set_member_id(member_id);
  posting.set_reference(std::move(reference));
  v1::Leg* from = posting.add_legs();
  from->mutable_account()->set_kind(v1::OPERATOR_PROMOTIONS);
  from->mutable_account()->set_owner_id(std::string(kOperatorOwner));
  from->set_points(-points);
  v1::Leg* to = posting.add_legs();
  to->mutable_account()->set_kind(v1::MEMBER);
  to->mutable_account()->set_owner_id(member_id);
  to->set_points(points);
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
