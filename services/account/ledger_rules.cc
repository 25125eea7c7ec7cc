#include "services/account/ledger_rules.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/limits.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace coalition::account {

using v1::AccountKind;

bool KeepsLots(AccountKind kind) {
  return kind == v1::MEMBER || kind == v1::MEMBER_HOLD || kind == v1::HOUSEHOLD ||
         kind == v1::MEMBER_PENDING || kind == v1::CORPORATE;
}

bool IsNonNegative(AccountKind kind) { return KeepsLots(kind) || kind == v1::PARTNER_PREPAID; }

std::string OwnerField(AccountKind kind) {
  switch (kind) {
    case v1::MEMBER:
      return "member_id";
    case v1::MEMBER_HOLD:
      return "hold_id";
    case v1::PARTNER_ISSUED:
    case v1::PARTNER_REDEEMED:
    case v1::PARTNER_PREPAID:
      return "partner_id";
    case v1::HOUSEHOLD:
      return "household_id";
    case v1::CORPORATE:
      return "corporate_id";
    default:
      return "owner_id";
  }
}

std::string NoSuchOwner(AccountKind kind, absl::string_view owner_id) {
  absl::string_view noun = "account owner";
  switch (kind) {
    case v1::MEMBER:
      noun = "member";
      break;
    case v1::MEMBER_HOLD:
      noun = "hold";
      break;
    case v1::PARTNER_ISSUED:
    case v1::PARTNER_REDEEMED:
    case v1::PARTNER_PREPAID:
      noun = "partner";
      break;
    case v1::HOUSEHOLD:
      noun = "household";
      break;
    case v1::CORPORATE:
      noun = "corporate account";
      break;
    default:
      break;
  }
  return absl::StrCat(OwnerField(kind), ": no ", noun, " '", owner_id, "'");
}

absl::Status ValidatePostingRequest(const v1::CreatePostingRequest& request) {
  // The ledger's own callers derive request ids from client keys, so '/' is allowed and the
  // column is wider than a client's.
  if (request.request_id().empty() || request.request_id().size() > 255) {
    return absl::InvalidArgumentError("request_id: is required, at most 255 characters");
  }
  if (!v1::PostingType_IsValid(request.type()) || request.type() == v1::POSTING_TYPE_UNSPECIFIED) {
    return absl::InvalidArgumentError("type: must be a PostingType other than UNSPECIFIED");
  }
  if (request.type() == v1::EXPIRE || request.type() == v1::FORFEIT ||
      request.type() == v1::MERGE || request.type() == v1::TRANSFER ||
      request.type() == v1::BONUS || request.type() == v1::BLOCK_PURCHASE) {
    return absl::InvalidArgumentError(
        absl::StrCat("type: ", v1::PostingType_Name(request.type()),
                     " postings are made only by the account service's own operations"));
  }
  if (!request.partner_id().empty())
    RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  if (!request.member_id().empty()) RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  RETURN_IF_ERROR(ValidateText("reference", request.reference(), 128, /*required=*/false));
  if (request.legs_size() < 2 || request.legs_size() > kMaxLegs) {
    return absl::InvalidArgumentError(
        absl::StrCat("legs: a posting needs 2 to ", kMaxLegs, " legs, got ", request.legs_size()));
  }

  std::set<std::pair<int, std::string>> seen;
  int64_t sum = 0;
  for (int i = 0; i < request.legs_size(); ++i) {
    const v1::Leg& leg = request.legs(i);
    const std::string field = absl::StrCat("legs[", i, "]");
    const AccountKind kind = leg.account().kind();
    if (!v1::AccountKind_IsValid(kind) || kind == v1::ACCOUNT_KIND_UNSPECIFIED) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".account.kind: must be set"));
    }
    RETURN_IF_ERROR(ValidateId(absl::StrCat(field, ".account.owner_id"), leg.account().owner_id()));
    if ((kind == v1::OPERATOR_BREAKAGE || kind == v1::OPERATOR_PROMOTIONS) &&
        leg.account().owner_id() != kOperatorOwner) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".account.owner_id: operator accounts are owned by 'operator'"));
    }
    if ((kind == v1::MEMBER_HOLD || kind == v1::MEMBER_PENDING) && request.member_id().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("member_id: is required when a leg is a ", v1::AccountKind_Name(kind)));
    }
    if (kind == v1::MEMBER_PENDING && leg.account().owner_id() != request.member_id()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".account.owner_id: a MEMBER_PENDING account is the member's own"));
    }
    // The ledger checks that the spender is the household's owner.
    if (kind == v1::HOUSEHOLD && leg.points() < 0 && request.member_id().empty()) {
      return absl::InvalidArgumentError(
          "member_id: is required when a leg spends a HOUSEHOLD's points");
    }
    if (leg.points() == 0)
      return absl::InvalidArgumentError(absl::StrCat(field, ".points: must not be 0"));
    if (leg.points() > kMaxAmount || leg.points() < -kMaxAmount) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".points: magnitude must be at most ", kMaxAmount));
    }
    if (!seen.emplace(kind, leg.account().owner_id()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".account: the same account appears in two legs"));
    }
    sum += leg.points();  // bounded legs: cannot overflow
  }
  if (sum != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("legs: points must sum to 0 (double entry), got ", sum));
  }
  return absl::OkStatus();
}

}  // namespace coalition::account
