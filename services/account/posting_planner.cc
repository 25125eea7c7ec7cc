#include "services/account/posting_planner.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "services/account/bonuses.h"
#include "services/account/ledger_rules.h"
#include "services/account/tier_ladder.h"
#include "services/common/check.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::account {
namespace {

constexpr absl::string_view kBonusCaller = "account.bonus";

int64_t SumOfLegs(const v1::Posting& posting) {
  int64_t sum = 0;
  for (const v1::Leg& leg : posting.legs()) sum += leg.points();
  return sum;
}

absl::Time OccurTime(const v1::Posting& posting) {
  return absl::FromUnixMicros(ProtoTimeToMicros(posting.occur_time()));
}

// The legs on checked accounts, in (kind, owner) order: the order their rows are locked in, so
// two postings never deadlock, and the order refusals are found in.
std::vector<const v1::Leg*> CheckedLegsInLockOrder(const v1::Posting& posting) {
  std::vector<const v1::Leg*> checked;
  for (const v1::Leg& leg : posting.legs()) {
    if (IsNonNegative(leg.account().kind())) checked.push_back(&leg);
  }
  std::sort(checked.begin(), checked.end(), [](const v1::Leg* a, const v1::Leg* b) {
    return std::forward_as_tuple(a->account().kind(), a->account().owner_id()) <
           std::forward_as_tuple(b->account().kind(), b->account().owner_id());
  });
  return checked;
}

// Takes `points` from the account's soonest-expiring lots: what it took, and the cut the writer
// makes. The snapshot's lots lose what was taken.
absl::StatusOr<std::vector<LotSlice>> TakeLots(CheckedAccount& account, int64_t points,
                                               LotCut& cut) {
  std::vector<LotSlice> taken = TakeSoonestExpiring(account.lots, points);
  int64_t sum = 0;
  for (const LotSlice& slice : taken) sum += slice.points;
  if (sum != points) {
    return absl::InternalError(absl::StrCat("account ", account.account_id, " has lots of ", sum,
                                            " points for a debit of ", points));
  }
  // Every lot taken is used up but perhaps the last.
  const LotSlice& last = taken.back();
  auto last_lot = std::find_if(account.lots.begin(), account.lots.end(), [&](const LotSlice& lot) {
    return lot.origin_sequence == last.origin_sequence;
  });
  const bool last_in_part = last.points < last_lot->points;
  cut.account_id = account.account_id;
  if (last_in_part) cut.part = last;
  if (!last_in_part || taken.size() > 1) {
    cut.whole_through = last_in_part ? taken[taken.size() - 2] : last;
  }
  last_lot->points -= last.points;
  std::erase_if(account.lots, [&](const LotSlice& lot) {
    return lot.points == 0 ||
           (cut.whole_through.has_value() && !SpentBefore(*cut.whole_through, lot));
  });
  return taken;
}

}  // namespace

AccountKey KeyOf(const v1::AccountRef& account) { return {account.kind(), account.owner_id()}; }

bool OpensOnFirstCredit(const v1::Leg& leg) {
  return (leg.account().kind() == v1::MEMBER_HOLD || leg.account().kind() == v1::MEMBER_PENDING) &&
         leg.points() > 0;
}

absl::Status RefusalOfLeg(const v1::Posting& posting, const v1::Leg& leg,
                          const CheckedAccount* account) {
  const std::string& owner = leg.account().owner_id();
  const std::string& member_id = posting.member_id();
  if (account == nullptr) {
    // A hold or pending account credited but never opened: its member does not exist.
    return absl::NotFoundError(OpensOnFirstCredit(leg) ? NoSuchOwner(v1::MEMBER, member_id)
                                                       : NoSuchOwner(leg.account().kind(), owner));
  }
  // A suspended member's account is frozen to earns and spends, not to closing its holds. A
  // household's pool is spent only by its owner (the account's member_id).
  const bool member_acts = CountsAsActivity(posting.type());
  const bool household_spend = leg.account().kind() == v1::HOUSEHOLD && leg.points() < 0;
  const int64_t balance = account->balance;
  if (balance + leg.points() >= 0 && !(account->frozen && member_acts) &&
      !(household_spend && account->member_id != member_id)) {
    return absl::OkStatus();
  }
  if (account->frozen && leg.account().kind() == v1::MEMBER && leg.points() + balance >= 0) {
    return absl::FailedPreconditionError(absl::StrCat("member_id: member '", owner, "' is ",
                                                      account->closed ? "closed" : "suspended",
                                                      ": no earning or spending"));
  }
  switch (leg.account().kind()) {
    case v1::PARTNER_PREPAID:
      return absl::FailedPreconditionError(absl::StrCat(
          "partner_id: pre-paid partner '", owner, "' has ", balance,
          " points left in its block, the posting needs ", -leg.points(), ": buy a block first"));
    case v1::MEMBER_HOLD:
      return absl::FailedPreconditionError(
          absl::StrCat("hold '", owner, "' holds ", balance, " points, the posting needs ",
                       -leg.points(), " (already captured or voided?)"));
    case v1::HOUSEHOLD:
      if (account->member_id != member_id) {
        return absl::PermissionDeniedError(
            absl::StrCat("member_id: member '", member_id, "' is not the owner of household '",
                         owner, "': only the owner may spend its pooled points"));
      }
      return absl::FailedPreconditionError(
          absl::StrCat("insufficient points: household '", owner, "' has ", balance,
                       " pooled, the posting needs ", -leg.points()));
    default:
      return absl::FailedPreconditionError(
          absl::StrCat("insufficient points: member '", owner, "' has ", balance,
                       " available, the posting needs ", -leg.points()));
  }
}

std::optional<TierUpgrade> UpgradeAfterEarn(const v1::TierLadder& ladder, const std::string& member,
                                            const EarnerState& before, int64_t points,
                                            absl::Time at) {
  if (ladder.levels_size() < 2) return std::nullopt;  // nowhere to move up to
  const int64_t qualifying = before.qualifying_points + points;
  const int reached = QualifiedRank(ladder, qualifying);
  if (reached <= before.tier_rank) return std::nullopt;  // members move down only at review
  return TierUpgrade{.member_id = member,
                     .from_tier_id = before.tier_id,
                     .to_rank = reached,
                     .to_tier_id = ladder.levels(reached).tier_id(),
                     .review_at_us = absl::ToUnixMicros(EndOfDayMonthsLater(at, kReviewMonths)),
                     .qualifying_points = qualifying,
                     .change_time_us = absl::ToUnixMicros(at)};
}

std::optional<FollowUp> ReferralBonusFor(const v1::BonusProgram& program, const std::string& member,
                                         const EarnerState& state, int64_t points, absl::Time at) {
  if (!state.unpaid_referrer_id.has_value()) return std::nullopt;  // not referred, or paid
  if (program.referral_bonus_points() == 0 || points < program.referral_min_points()) {
    return std::nullopt;  // not a qualifying purchase: a later one may be
  }
  const v1::CreatePostingRequest bonus =
      BonusPosting(absl::StrCat("referral-bonus/", member), *state.unpaid_referrer_id,
                   program.referral_bonus_points(), absl::StrCat("referral/", member));
  return FollowUp{DraftOf(kBonusCaller, bonus, at), member};
}

std::optional<PrepaidAlert> LowWaterAlert(const std::string& partner_id,
                                          const CheckedAccount& block, int64_t points,
                                          int64_t at_us) {
  if (!block.low_water_points.has_value() || points >= 0) return std::nullopt;
  const int64_t after = block.balance + points;
  // Once per crossing, not on every accrual below the mark.
  if (after >= *block.low_water_points || block.balance < *block.low_water_points) {
    return std::nullopt;
  }
  return PrepaidAlert{partner_id, after, *block.low_water_points, at_us};
}

absl::StatusOr<PostingPlan> PostingPlanner::Plan(const PostingDraft& draft,
                                                 const std::vector<LotSlice>* taken_lots) {
  const v1::Posting& posting = draft.posting;
  COALITION_CHECK(SumOfLegs(posting) == 0, "a posting must balance before it is written");

  // Refusals first, in the order the ledger has always found them: contra accounts in leg order,
  // then checked accounts in lock order. Nothing in the snapshot changes before they pass.
  for (const v1::Leg& leg : posting.legs()) {
    if (!IsNonNegative(leg.account().kind()) && !snapshot_.contra.contains(KeyOf(leg.account()))) {
      return absl::NotFoundError(NoSuchOwner(leg.account().kind(), leg.account().owner_id()));
    }
  }
  const std::vector<const v1::Leg*> checked = CheckedLegsInLockOrder(posting);
  for (const v1::Leg* leg : checked) {
    auto it = snapshot_.checked.find(KeyOf(leg->account()));
    RETURN_IF_ERROR(
        RefusalOfLeg(posting, *leg, it == snapshot_.checked.end() ? nullptr : &it->second));
  }

  PostingPlan plan;
  plan.draft = draft;
  const absl::Time at = OccurTime(posting);
  const int64_t at_us = absl::ToUnixMicros(at);

  // Alerts compare the block before and after: raised before the balances move on.
  for (const v1::Leg& leg : posting.legs()) {
    if (leg.account().kind() != v1::PARTNER_PREPAID) continue;
    const CheckedAccount& block = snapshot_.checked.at(KeyOf(leg.account()));
    if (auto alert = LowWaterAlert(leg.account().owner_id(), block, leg.points(), at_us)) {
      plan.alerts.push_back(*alert);
    }
  }
  for (const v1::Leg& leg : posting.legs()) {
    const AccountKey key = KeyOf(leg.account());
    plan.leg_account_ids.push_back(IsNonNegative(key.first) ? snapshot_.checked.at(key).account_id
                                                            : snapshot_.contra.at(key));
  }
  for (const v1::Leg* leg : checked) {
    CheckedAccount& account = snapshot_.checked.at(KeyOf(leg->account()));
    plan.balances.push_back(
        {KeyOf(leg->account()), account.account_id, leg->points(), OpensOnFirstCredit(*leg)});
    account.balance += leg->points();
  }

  // Lots: an earn starts a new lot; a debit takes the soonest-expiring and its credits keep them.
  const int64_t new_lot_expiry = policy_.ExpiryOfPointsEarnedAt(at);
  const bool takes_lots = std::any_of(
      posting.legs().begin(), posting.legs().end(),
      [](const v1::Leg& leg) { return leg.points() < 0 && KeepsLots(leg.account().kind()); });
  if (!takes_lots) {
    for (const v1::Leg& leg : posting.legs()) {
      if (leg.points() > 0 && KeepsLots(leg.account().kind())) {
        plan.lots_created.push_back(
            {snapshot_.checked.at(KeyOf(leg.account())).account_id, new_lot_expiry, leg.points()});
      }
    }
  } else {
    std::vector<LotSlice> taken;
    std::map<std::pair<int64_t, int64_t>, int64_t> moves;  // (account, origin) -> points
    for (const v1::Leg& leg : posting.legs()) {
      if (leg.points() >= 0 || !KeepsLots(leg.account().kind())) continue;
      CheckedAccount& account = snapshot_.checked.at(KeyOf(leg.account()));
      std::vector<LotSlice> slices;
      if (taken_lots != nullptr) {
        slices = *taken_lots;
      } else {
        LotCut cut;
        ASSIGN_OR_RETURN(slices, TakeLots(account, -leg.points(), cut));
        plan.lots_taken.push_back(std::move(cut));
      }
      for (const LotSlice& slice : slices) {
        moves[{account.account_id, slice.origin_sequence}] -= slice.points;
        taken.push_back(slice);
      }
    }
    for (LotCredit& credit : AllocateCredits(std::move(taken), posting)) {
      const int64_t account_id =
          snapshot_.checked.at(KeyOf(posting.legs(credit.leg).account())).account_id;
      for (const LotSlice& slice : credit.moved) {
        moves[{account_id, slice.origin_sequence}] += slice.points;
      }
      if (!credit.moved.empty())
        plan.lots_moved_in.push_back({account_id, std::move(credit.moved)});
      if (credit.new_lot_points > 0) {
        plan.lots_created.push_back({account_id, new_lot_expiry, credit.new_lot_points});
      }
    }
    for (const auto& [key, points] : moves) {
      if (points != 0) plan.lot_moves.push_back({key.first, key.second, points});
    }
  }
  if (policy_.ExtendsOnActivity() && CountsAsActivity(posting.type())) {
    for (const v1::Leg& leg : posting.legs()) {
      if (leg.account().kind() == v1::MEMBER) {
        plan.lots_extended.push_back({leg.account().owner_id(), new_lot_expiry});
      }
    }
  }

  // Qualifying points count when they become the member's to spend; so does a referral.
  if (posting.type() == v1::EARN || posting.type() == v1::CONFIRM) {
    for (const v1::Leg& leg : posting.legs()) {
      if (leg.account().kind() != v1::MEMBER || leg.points() <= 0) continue;
      const std::string& member = leg.account().owner_id();
      auto earner = snapshot_.earners.find(member);
      if (earner == snapshot_.earners.end()) {
        return absl::InternalError(absl::StrCat("the snapshot lacks earner '", member, "'"));
      }
      EarnerState& state = earner->second;
      plan.qualifying.push_back({member, MonthIndex(at), leg.points()});
      if (auto upgrade = UpgradeAfterEarn(snapshot_.ladder, member, state, leg.points(), at)) {
        state.tier_rank = upgrade->to_rank;
        state.tier_id = upgrade->to_tier_id;
        plan.tier_upgrades.push_back(std::move(*upgrade));
      }
      state.qualifying_points += leg.points();
      if (auto bonus = ReferralBonusFor(snapshot_.bonus_program, member, state, leg.points(), at)) {
        state.unpaid_referrer_id.reset();
        plan.follow_ups.push_back(std::move(*bonus));
      }
    }
  }
  return plan;
}

absl::StatusOr<PostingPlan> PostingPlanner::Plan(const FollowUp& follow_up) {
  ASSIGN_OR_RETURN(PostingPlan plan, Plan(follow_up.draft));
  plan.pays_referral_of = follow_up.pays_referral_of;
  return plan;
}

}  // namespace coalition::account
