#include "services/account/transfers.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "services/account/client/posting_builder.h"
#include "services/account/ledger_rules.h"
#include "services/common/ids.h"
#include "services/common/limits.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace coalition::account {
namespace {}  // namespace

absl::Status ValidateTransfer(const v1::TransferPointsRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("from_member_id", request.from_member_id()));
  if (request.to_member_id().empty() == request.to_household_id().empty()) {
    return absl::InvalidArgumentError(
        "to_member_id: set exactly one of to_member_id and to_household_id");
  }
  if (!request.to_member_id().empty()) {
    RETURN_IF_ERROR(ValidateId("to_member_id", request.to_member_id()));
    if (request.to_member_id() == request.from_member_id()) {
      return absl::InvalidArgumentError("to_member_id: must differ from from_member_id");
    }
  } else {
    RETURN_IF_ERROR(ValidateId("to_household_id", request.to_household_id()));
  }
  return ValidatePositive("points", request.points(), kMaxAmount);
}

absl::StatusOr<v1::Transfer> Transfers::Transfer(absl::string_view caller,
                                                 const v1::TransferPointsRequest& request) {
  RETURN_IF_ERROR(ValidateTransfer(request));
  v1::Transfer transfer;
  transfer.set_transfer_id(DerivedId("trf", {caller, request.request_id()}));
  transfer.set_from_member_id(request.from_member_id());
  transfer.set_to_member_id(request.to_member_id());
  transfer.set_to_household_id(request.to_household_id());
  transfer.set_points(request.points());

  v1::CreatePostingRequest posting =
      NewPosting(absl::StrCat("transfer/", transfer.transfer_id()), v1::TRANSFER,
                 /*partner_id=*/"", request.from_member_id(), transfer.transfer_id());
  AddLeg(posting, v1::MEMBER, request.from_member_id(), -request.points());
  if (!request.to_member_id().empty()) {
    AddLeg(posting, v1::MEMBER, request.to_member_id(), request.points());
  } else {
    AddLeg(posting, v1::HOUSEHOLD, request.to_household_id(), request.points());
  }
  const PostingDraft draft = DraftOf(caller, posting, clock_.Now());
  *transfer.mutable_transfer_time() = draft.posting.occur_time();
  return store_.Transfer(RequestKey::Of(caller, request), draft, transfer, daily_limit_points_);
}

}  // namespace coalition::account
