// Building a ledger posting (CreatePostingRequest) the same way everywhere: its head (ledger key,
// type, whom it concerns) and its legs, each a signed number of points on one account (negative
// takes points from the account, positive adds them; the legs sum to zero, which the ledger
// checks). Used by every service that posts: earning's earn, confirm, cancel and reverse
// postings, redemption's redeem, hold, capture, void and refund postings, and the account
// service's own bonus, block and transfer postings.
//
//   v1::CreatePostingRequest posting = NewPosting(absl::StrCat("hold/", hold_id), v1::HOLD,
//                                                 partner_id, member_id, hold_id);
//   AddLeg(posting, v1::MEMBER, member_id, -points);
//   AddLeg(posting, v1::MEMBER_HOLD, hold_id, points);
//
// The order of the legs is part of the request: a retry must re-send the same posting under its
// key, so a caller adds legs in an order fixed by its inputs alone.
//
// Header only: the account service's own logic builds postings too, without linking the client.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "coalition/account/v1/account.pb.h"

namespace coalition::account {

// A posting with no legs yet. `partner_id`, `member_id` or `reference` may be empty (a bonus has
// no partner, a block purchase no member).
inline v1::CreatePostingRequest NewPosting(std::string request_id, v1::PostingType type,
                                           std::string partner_id, std::string member_id,
                                           std::string reference) {
  v1::CreatePostingRequest posting;
  posting.set_request_id(std::move(request_id));
  posting.set_type(type);
  posting.set_partner_id(std::move(partner_id));
  posting.set_member_id(std::move(member_id));
  posting.set_reference(std::move(reference));
  return posting;
}

// Adds a leg of `points` (signed) on the account (`kind`, `owner_id`).
inline void AddLeg(v1::CreatePostingRequest& posting, v1::AccountKind kind, std::string owner_id,
                   int64_t points) {
  v1::Leg* leg = posting.add_legs();
  leg->mutable_account()->set_kind(kind);
  leg->mutable_account()->set_owner_id(std::move(owner_id));
  leg->set_points(points);
}

}  // namespace coalition::account
