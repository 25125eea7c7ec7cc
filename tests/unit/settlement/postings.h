// Postings as settlement's unit tests build them: one partner's, at a fixed time, the member
// leg owned by "m" and every other by `owner`.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>

#include "coalition/account/v1/account.pb.h"

namespace coalition::settlement {

inline account::v1::Posting Posting(
    const std::string& partner_id,
    std::initializer_list<std::pair<account::v1::AccountKind, int64_t>> legs,
    const std::string& owner = "p") {
  account::v1::Posting posting;
  posting.set_partner_id(partner_id);
  posting.mutable_occur_time()->set_seconds(1'795'000'000);
  for (const auto& [kind, points] : legs) {
    account::v1::Leg* leg = posting.add_legs();
    leg->mutable_account()->set_kind(kind);
    leg->mutable_account()->set_owner_id(kind == account::v1::MEMBER ? "m" : owner);
    leg->set_points(points);
  }
  return posting;
}

}  // namespace coalition::settlement
