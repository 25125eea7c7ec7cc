#include "services/account/posting_planner.h"

#include <initializer_list>
#include <string>
#include <tuple>
#include <vector>

#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/account/tier_ladder.h"
#include "services/common/proto_time.h"

namespace coalition::account {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// 15 March 2026, noon UTC: points earned now expire at 00:00 UTC on 16 March 2028 (fixed, 24).
const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2026, 3, 15, 12, 0, 0), absl::UTCTimeZone());
const int64_t kExpiry24 =
    absl::ToUnixMicros(absl::FromCivil(absl::CivilDay(2028, 3, 16), absl::UTCTimeZone()));
const ExpiryPolicy kFixed{ExpiryPolicy::Kind::kFixed, 24};
const ExpiryPolicy kActivity{ExpiryPolicy::Kind::kActivity, 24};

using LegSpec = std::tuple<v1::AccountKind, std::string, int64_t>;

PostingDraft Draft(v1::PostingType type, const std::string& member_id,
                   std::initializer_list<LegSpec> legs, absl::Time at = kNow) {
  v1::CreatePostingRequest request;
  request.set_request_id("req-1");
  request.set_type(type);
  request.set_member_id(member_id);
  request.set_partner_id("car");
  for (const auto& [kind, owner, points] : legs) {
    v1::Leg* leg = request.add_legs();
    leg->mutable_account()->set_kind(kind);
    leg->mutable_account()->set_owner_id(owner);
    leg->set_points(points);
  }
  return DraftOf("test", request, at);
}

// A snapshot where every partner and operator account exists and the given checked accounts
// hold what they say; account ids are 100, 101, ... in the order given.
struct Account {
  v1::AccountKind kind;
  std::string owner;
  int64_t balance = 0;
  std::vector<LotSlice> lots = {};
  std::string member_id = "";
};

LedgerSnapshot Snapshot(const std::vector<Account>& accounts) {
  LedgerSnapshot snapshot;
  int64_t contra_id = 900;  // contra accounts' ids, apart from the checked ones'
  for (const char* partner : {"car", "hotel", "air"}) {
    for (v1::AccountKind kind : {v1::PARTNER_ISSUED, v1::PARTNER_REDEEMED}) {
      snapshot.contra[{kind, partner}] = contra_id++;
    }
  }
  snapshot.contra[{v1::OPERATOR_BREAKAGE, "operator"}] = contra_id++;
  snapshot.contra[{v1::OPERATOR_PROMOTIONS, "operator"}] = contra_id++;
  int64_t id = 100;
  for (const Account& account : accounts) {
    CheckedAccount& checked = snapshot.checked[{account.kind, account.owner}];
    checked.account_id = id++;
    checked.balance = account.balance;
    checked.lots = account.lots;
    checked.member_id = account.member_id.empty() ? account.owner : account.member_id;
  }
  snapshot.ladder = BuiltInTierLadder();
  return snapshot;
}

EarnerState Earner(int64_t qualifying_points = 0,
                   std::optional<std::string> referrer = std::nullopt) {
  EarnerState earner;
  earner.tier_id = "member";
  earner.qualifying_points = qualifying_points;
  earner.unpaid_referrer_id = std::move(referrer);
  return earner;
}

int64_t IdOf(const LedgerSnapshot& snapshot, v1::AccountKind kind, const std::string& owner) {
  return snapshot.checked.at({kind, owner}).account_id;
}

std::vector<std::pair<AccountKey, int64_t>> Deltas(const PostingPlan& plan) {
  std::vector<std::pair<AccountKey, int64_t>> deltas;
  for (const BalanceChange& change : plan.balances)
    deltas.emplace_back(change.account, change.points);
  return deltas;
}

// ---- Every posting type the ledger accepts: what moves where. ----

struct TypeCase {
  std::string name;
  v1::PostingType type;
  std::vector<Account> accounts;
  std::vector<LegSpec> legs;
  // Expected: checked balance deltas in lock order, new lots' points, existing lots' moves as
  // (kind, owner, origin, points), whether qualifying points count.
  std::vector<std::tuple<v1::AccountKind, std::string, int64_t>> deltas;
  std::vector<int64_t> new_lots;
  std::vector<std::tuple<v1::AccountKind, std::string, int64_t, int64_t>> moves;
  bool qualifies = false;
};

// Two lots: 30 points from posting 7 expiring sooner, 70 from posting 9 later.
const std::vector<LotSlice> kTwoLots = {{9, 2'000, 70}, {7, 1'000, 30}};

std::vector<TypeCase> TypeCases() {
  return {
      {"Earn",
       v1::EARN,
       {{v1::MEMBER, "mbr_1", 0}},
       {{v1::PARTNER_ISSUED, "car", -50}, {v1::MEMBER, "mbr_1", 50}},
       {{v1::MEMBER, "mbr_1", 50}},
       {50},
       {},
       true},
      {"EarnPending",
       v1::EARN,
       {{v1::MEMBER_PENDING, "mbr_1", 0}},
       {{v1::PARTNER_ISSUED, "car", -50}, {v1::MEMBER_PENDING, "mbr_1", 50}},
       {{v1::MEMBER_PENDING, "mbr_1", 50}},
       {50},
       {},
       false},
      {"Confirm",
       v1::CONFIRM,
       {{v1::MEMBER, "mbr_1", 0}, {v1::MEMBER_PENDING, "mbr_1", 100, kTwoLots}},
       {{v1::MEMBER_PENDING, "mbr_1", -40}, {v1::MEMBER, "mbr_1", 40}},
       {{v1::MEMBER, "mbr_1", 40}, {v1::MEMBER_PENDING, "mbr_1", -40}},
       {},
       {{v1::MEMBER, "mbr_1", 7, 30},
        {v1::MEMBER, "mbr_1", 9, 10},
        {v1::MEMBER_PENDING, "mbr_1", 7, -30},
        {v1::MEMBER_PENDING, "mbr_1", 9, -10}},
       true},
      {"Cancel",
       v1::CANCEL,
       {{v1::MEMBER_PENDING, "mbr_1", 100, kTwoLots}},
       {{v1::MEMBER_PENDING, "mbr_1", -40}, {v1::PARTNER_ISSUED, "car", 40}},
       {{v1::MEMBER_PENDING, "mbr_1", -40}},
       {},
       {{v1::MEMBER_PENDING, "mbr_1", 7, -30}, {v1::MEMBER_PENDING, "mbr_1", 9, -10}}},
      {"Redeem",
       v1::REDEEM,
       {{v1::MEMBER, "mbr_1", 100, kTwoLots}},
       {{v1::MEMBER, "mbr_1", -20}, {v1::PARTNER_REDEEMED, "hotel", 20}},
       {{v1::MEMBER, "mbr_1", -20}},
       {},
       {{v1::MEMBER, "mbr_1", 7, -20}}},
      {"Hold",
       v1::HOLD,
       {{v1::MEMBER, "mbr_1", 100, kTwoLots}, {v1::MEMBER_HOLD, "hld_1", 0}},
       {{v1::MEMBER, "mbr_1", -40}, {v1::MEMBER_HOLD, "hld_1", 40}},
       {{v1::MEMBER, "mbr_1", -40}, {v1::MEMBER_HOLD, "hld_1", 40}},
       {},
       {{v1::MEMBER, "mbr_1", 7, -30},
        {v1::MEMBER, "mbr_1", 9, -10},
        {v1::MEMBER_HOLD, "hld_1", 7, 30},
        {v1::MEMBER_HOLD, "hld_1", 9, 10}}},
      {"Capture",
       v1::CAPTURE,
       {{v1::MEMBER_HOLD, "hld_1", 100, kTwoLots}},
       {{v1::MEMBER_HOLD, "hld_1", -100}, {v1::PARTNER_REDEEMED, "hotel", 100}},
       {{v1::MEMBER_HOLD, "hld_1", -100}},
       {},
       {{v1::MEMBER_HOLD, "hld_1", 7, -30}, {v1::MEMBER_HOLD, "hld_1", 9, -70}}},
      {"Void",
       v1::VOID,
       {{v1::MEMBER, "mbr_1", 0}, {v1::MEMBER_HOLD, "hld_1", 100, kTwoLots}},
       {{v1::MEMBER_HOLD, "hld_1", -100}, {v1::MEMBER, "mbr_1", 100}},
       {{v1::MEMBER, "mbr_1", 100}, {v1::MEMBER_HOLD, "hld_1", -100}},
       {},
       {{v1::MEMBER, "mbr_1", 7, 30},
        {v1::MEMBER, "mbr_1", 9, 70},
        {v1::MEMBER_HOLD, "hld_1", 7, -30},
        {v1::MEMBER_HOLD, "hld_1", 9, -70}}},
      {"TransferToMember",
       v1::TRANSFER,
       {{v1::MEMBER, "mbr_1", 100, kTwoLots}, {v1::MEMBER, "mbr_2", 0}},
       {{v1::MEMBER, "mbr_1", -30}, {v1::MEMBER, "mbr_2", 30}},
       {{v1::MEMBER, "mbr_1", -30}, {v1::MEMBER, "mbr_2", 30}},
       {},
       {{v1::MEMBER, "mbr_1", 7, -30}, {v1::MEMBER, "mbr_2", 7, 30}}},
      {"TransferToHousehold",
       v1::TRANSFER,
       {{v1::MEMBER, "mbr_1", 100, kTwoLots}, {v1::HOUSEHOLD, "hh_1", 0, {}, "mbr_9"}},
       {{v1::MEMBER, "mbr_1", -30}, {v1::HOUSEHOLD, "hh_1", 30}},
       {{v1::MEMBER, "mbr_1", -30}, {v1::HOUSEHOLD, "hh_1", 30}},
       {},
       {{v1::MEMBER, "mbr_1", 7, -30}, {v1::HOUSEHOLD, "hh_1", 7, 30}}},
      {"HouseholdSpentByItsOwner",
       v1::REDEEM,
       {{v1::HOUSEHOLD, "hh_1", 100, kTwoLots, "mbr_1"}},
       {{v1::HOUSEHOLD, "hh_1", -100}, {v1::PARTNER_REDEEMED, "hotel", 100}},
       {{v1::HOUSEHOLD, "hh_1", -100}},
       {},
       {{v1::HOUSEHOLD, "hh_1", 7, -30}, {v1::HOUSEHOLD, "hh_1", 9, -70}}},
      {"EarnToCorporate",
       v1::EARN,
       {{v1::CORPORATE, "corp_1", 5}},
       {{v1::PARTNER_ISSUED, "car", -50}, {v1::CORPORATE, "corp_1", 50}},
       {{v1::CORPORATE, "corp_1", 50}},
       {50},
       {},
       false},
      {"CorporateSpend",
       v1::REDEEM,
       {{v1::CORPORATE, "corp_1", 100, kTwoLots}},
       {{v1::CORPORATE, "corp_1", -35}, {v1::PARTNER_REDEEMED, "air", 35}},
       {{v1::CORPORATE, "corp_1", -35}},
       {},
       {{v1::CORPORATE, "corp_1", 7, -30}, {v1::CORPORATE, "corp_1", 9, -5}}},
      {"Merge",
       v1::MERGE,
       {{v1::MEMBER, "mbr_1", 0}, {v1::MEMBER, "mbr_2", 100, kTwoLots}},
       {{v1::MEMBER, "mbr_2", -100}, {v1::MEMBER, "mbr_1", 100}},
       {{v1::MEMBER, "mbr_1", 100}, {v1::MEMBER, "mbr_2", -100}},
       {},
       {{v1::MEMBER, "mbr_1", 7, 30},
        {v1::MEMBER, "mbr_1", 9, 70},
        {v1::MEMBER, "mbr_2", 7, -30},
        {v1::MEMBER, "mbr_2", 9, -70}}},
      {"Reverse",
       v1::REVERSE,
       {{v1::MEMBER, "mbr_1", 100, kTwoLots}},
       {{v1::MEMBER, "mbr_1", -50}, {v1::PARTNER_ISSUED, "car", 50}},
       {{v1::MEMBER, "mbr_1", -50}},
       {},
       {{v1::MEMBER, "mbr_1", 7, -30}, {v1::MEMBER, "mbr_1", 9, -20}}},
      {"Bonus",
       v1::BONUS,
       {{v1::MEMBER, "mbr_1", 0}},
       {{v1::OPERATOR_PROMOTIONS, "operator", -25}, {v1::MEMBER, "mbr_1", 25}},
       {{v1::MEMBER, "mbr_1", 25}},
       {25},
       {},
       false},
      {"Refund",
       v1::REFUND,
       {{v1::MEMBER, "mbr_1", 0}},
       {{v1::PARTNER_REDEEMED, "hotel", -25}, {v1::MEMBER, "mbr_1", 25}},
       {{v1::MEMBER, "mbr_1", 25}},
       {25},
       {},
       false},
      {"BlockPurchase",
       v1::BLOCK_PURCHASE,
       {{v1::PARTNER_PREPAID, "car", 0}},
       {{v1::PARTNER_ISSUED, "car", -1000}, {v1::PARTNER_PREPAID, "car", 1000}},
       {{v1::PARTNER_PREPAID, "car", 1000}},
       {},
       {},
       false},
      {"EarnFromPrepaidBlock",
       v1::EARN,
       {{v1::MEMBER, "mbr_1", 0}, {v1::PARTNER_PREPAID, "car", 500}},
       {{v1::PARTNER_PREPAID, "car", -50}, {v1::MEMBER, "mbr_1", 50}},
       {{v1::MEMBER, "mbr_1", 50}, {v1::PARTNER_PREPAID, "car", -50}},
       {50},
       {},
       true},
  };
}

class EveryPostingType : public ::testing::TestWithParam<TypeCase> {};

TEST_P(EveryPostingType, PlansItsBalancesAndLots) {
  const TypeCase& c = GetParam();
  LedgerSnapshot snapshot = Snapshot(c.accounts);
  snapshot.earners["mbr_1"] = Earner();
  PostingDraft draft = Draft(c.type, "mbr_1", {});
  for (const auto& [kind, owner, points] : c.legs) {
    v1::Leg* leg = draft.posting.add_legs();
    leg->mutable_account()->set_kind(kind);
    leg->mutable_account()->set_owner_id(owner);
    leg->set_points(points);
  }
  PostingPlanner planner(kFixed, snapshot);
  absl::StatusOr<PostingPlan> plan = planner.Plan(draft);
  ASSERT_TRUE(plan.ok()) << plan.status();

  std::vector<std::pair<AccountKey, int64_t>> deltas;
  for (const auto& [kind, owner, points] : c.deltas) deltas.push_back({{kind, owner}, points});
  EXPECT_EQ(Deltas(*plan), deltas);
  for (const auto& [kind, owner, points] : c.deltas) {
    EXPECT_EQ(planner.snapshot().checked.at({kind, owner}).balance,
              snapshot.checked.at({kind, owner}).balance + points);
  }
  std::vector<int64_t> new_lots;
  for (const NewLot& lot : plan->lots_created) {
    EXPECT_EQ(lot.expire_at_us, kExpiry24);
    new_lots.push_back(lot.points);
  }
  EXPECT_EQ(new_lots, c.new_lots);
  std::vector<LotMove> moves;
  for (const auto& [kind, owner, origin, points] : c.moves) {
    moves.push_back({IdOf(snapshot, kind, owner), origin, points});
  }
  std::sort(moves.begin(), moves.end(), [](const LotMove& a, const LotMove& b) {
    return std::tie(a.account_id, a.origin_sequence) < std::tie(b.account_id, b.origin_sequence);
  });
  EXPECT_EQ(plan->lot_moves, moves);
  EXPECT_EQ(!plan->qualifying.empty(), c.qualifies);
  EXPECT_THAT(plan->lots_extended, IsEmpty());  // a fixed policy never extends
  EXPECT_EQ(plan->draft.posting.SerializeAsString(), draft.posting.SerializeAsString());
}

INSTANTIATE_TEST_SUITE_P(PostingPlanner, EveryPostingType, ::testing::ValuesIn(TypeCases()),
                         [](const auto& test) { return test.param.name; });

// ---- Refusals: exactly the ledger's answers. ----

struct RefusalCase {
  std::string name;
  v1::PostingType type;
  std::string member_id;
  std::vector<Account> accounts;
  std::vector<LegSpec> legs;
  absl::StatusCode code;
  std::string message;
  bool frozen = false;
  bool closed = false;
};

std::vector<RefusalCase> RefusalCases() {
  return {
      {"InsufficientPoints",
       v1::REDEEM,
       "mbr_1",
       {{v1::MEMBER, "mbr_1", 10, {{1, 1, 10}}}},
       {{v1::MEMBER, "mbr_1", -11}, {v1::PARTNER_REDEEMED, "hotel", 11}},
       absl::StatusCode::kFailedPrecondition,
       "insufficient points: member 'mbr_1' has 10 available, the posting needs 11"},
      {"UnknownMember",
       v1::EARN,
       "mbr_x",
       {},
       {{v1::PARTNER_ISSUED, "car", -5}, {v1::MEMBER, "mbr_x", 5}},
       absl::StatusCode::kNotFound,
       "member_id: no member 'mbr_x'"},
      {"UnknownPartner",
       v1::EARN,
       "mbr_1",
       {{v1::MEMBER, "mbr_1", 0}},
       {{v1::PARTNER_ISSUED, "nobody", -5}, {v1::MEMBER, "mbr_1", 5}},
       absl::StatusCode::kNotFound,
       "partner_id: no partner 'nobody'"},
      {"HoldOfAnUnknownMember",
       v1::HOLD,
       "mbr_x",
       {{v1::MEMBER, "mbr_1", 100, {{1, 1, 100}}}},
       {{v1::MEMBER, "mbr_1", -5}, {v1::MEMBER_HOLD, "hld_new", 5}},
       absl::StatusCode::kNotFound,
       "member_id: no member 'mbr_x'"},
      {"SpentHold",
       v1::CAPTURE,
       "mbr_1",
       {{v1::MEMBER_HOLD, "hld_1", 0}},
       {{v1::MEMBER_HOLD, "hld_1", -5}, {v1::PARTNER_REDEEMED, "hotel", 5}},
       absl::StatusCode::kFailedPrecondition,
       "hold 'hld_1' holds 0 points, the posting needs 5 (already captured or voided?)"},
      {"EmptyPrepaidBlock",
       v1::EARN,
       "mbr_1",
       {{v1::MEMBER, "mbr_1", 0}, {v1::PARTNER_PREPAID, "car", 4}},
       {{v1::PARTNER_PREPAID, "car", -5}, {v1::MEMBER, "mbr_1", 5}},
       absl::StatusCode::kFailedPrecondition,
       "partner_id: pre-paid partner 'car' has 4 points left in its block, the posting needs 5: "
       "buy a block first"},
      {"HouseholdSpentByAnotherMember",
       v1::REDEEM,
       "mbr_2",
       {{v1::HOUSEHOLD, "hh_1", 100, {{1, 1, 100}}, "mbr_1"}},
       {{v1::HOUSEHOLD, "hh_1", -5}, {v1::PARTNER_REDEEMED, "hotel", 5}},
       absl::StatusCode::kPermissionDenied,
       "member_id: member 'mbr_2' is not the owner of household 'hh_1': only the owner may spend "
       "its pooled points"},
      {"HouseholdShort",
       v1::REDEEM,
       "mbr_1",
       {{v1::HOUSEHOLD, "hh_1", 3, {{1, 1, 3}}, "mbr_1"}},
       {{v1::HOUSEHOLD, "hh_1", -5}, {v1::PARTNER_REDEEMED, "hotel", 5}},
       absl::StatusCode::kFailedPrecondition,
       "insufficient points: household 'hh_1' has 3 pooled, the posting needs 5"},
      {"SuspendedMemberEarns",
       v1::EARN,
       "mbr_1",
       {{v1::MEMBER, "mbr_1", 0}},
       {{v1::PARTNER_ISSUED, "car", -5}, {v1::MEMBER, "mbr_1", 5}},
       absl::StatusCode::kFailedPrecondition,
       "member_id: member 'mbr_1' is suspended: no earning or spending",
       true},
      {"ClosedMemberSpends",
       v1::REDEEM,
       "mbr_1",
       {{v1::MEMBER, "mbr_1", 10, {{1, 1, 10}}}},
       {{v1::MEMBER, "mbr_1", -5}, {v1::PARTNER_REDEEMED, "hotel", 5}},
       absl::StatusCode::kFailedPrecondition,
       "member_id: member 'mbr_1' is closed: no earning or spending",
       true,
       true},
      // The first checked account in (kind, owner) order answers: the member (kind 1) before the
      // household (kind 7), whatever the legs' order.
      {"FirstRefusalInLockOrder",
       v1::REDEEM,
       "mbr_1",
       {{v1::MEMBER, "mbr_1", 0}, {v1::HOUSEHOLD, "hh_1", 0, {}, "mbr_1"}},
       {{v1::HOUSEHOLD, "hh_1", -5},
        {v1::MEMBER, "mbr_1", -5},
        {v1::PARTNER_REDEEMED, "hotel", 10}},
       absl::StatusCode::kFailedPrecondition,
       "insufficient points: member 'mbr_1' has 0 available, the posting needs 5"},
  };
}

class Refusals : public ::testing::TestWithParam<RefusalCase> {};

TEST_P(Refusals, AnswerAsTheLedgerDoesAndChangeNothing) {
  const RefusalCase& c = GetParam();
  LedgerSnapshot snapshot = Snapshot(c.accounts);
  for (auto& [key, account] : snapshot.checked) {
    account.frozen = c.frozen && key.first == v1::MEMBER;
    account.closed = c.closed;
  }
  snapshot.earners["mbr_1"] = Earner();
  PostingDraft draft = Draft(c.type, c.member_id, {});
  for (const auto& [kind, owner, points] : c.legs) {
    v1::Leg* leg = draft.posting.add_legs();
    leg->mutable_account()->set_kind(kind);
    leg->mutable_account()->set_owner_id(owner);
    leg->set_points(points);
  }
  PostingPlanner planner(kFixed, snapshot);
  absl::StatusOr<PostingPlan> plan = planner.Plan(draft);
  EXPECT_EQ(plan.status().code(), c.code);
  EXPECT_EQ(plan.status().message(), c.message);
  for (const auto& [key, account] : snapshot.checked) {
    EXPECT_EQ(planner.snapshot().checked.at(key).balance, account.balance);
    EXPECT_EQ(planner.snapshot().checked.at(key).lots, account.lots);
  }
}

INSTANTIATE_TEST_SUITE_P(PostingPlanner, Refusals, ::testing::ValuesIn(RefusalCases()),
                         [](const auto& test) { return test.param.name; });

TEST(PostingPlanner, ASuspendedMembersHoldsStillClose) {
  // A void is not the member's own activity: a frozen account takes its points back.
  LedgerSnapshot snapshot =
      Snapshot({{v1::MEMBER, "mbr_1", 0}, {v1::MEMBER_HOLD, "hld_1", 10, {{1, 1, 10}}}});
  snapshot.checked.at({v1::MEMBER, "mbr_1"}).frozen = true;
  PostingPlanner planner(kFixed, snapshot);
  absl::StatusOr<PostingPlan> plan = planner.Plan(
      Draft(v1::VOID, "mbr_1", {{v1::MEMBER_HOLD, "hld_1", -10}, {v1::MEMBER, "mbr_1", 10}}));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(planner.snapshot().checked.at({v1::MEMBER, "mbr_1"}).balance, 10);
}

TEST(PostingPlanner, ContraAccountsGoNegativeUnchecked) {
  // The partner's issued account and the operator's promotions have no balance row to check.
  LedgerSnapshot snapshot = Snapshot({{v1::MEMBER, "mbr_1", 0}});
  snapshot.earners["mbr_1"] = Earner();
  PostingPlanner planner(kFixed, snapshot);
  absl::StatusOr<PostingPlan> plan = planner.Plan(
      Draft(v1::EARN, "mbr_1",
            {{v1::PARTNER_ISSUED, "car", -1'000'000}, {v1::MEMBER, "mbr_1", 1'000'000}}));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->balances, SizeIs(1));  // only the member's account
}

TEST(PostingPlanner, APlanNamesEveryLegsAccountForTheWriter) {
  // The writer inserts entries by account id: checked accounts' from their locked rows, contra
  // accounts' from the snapshot.
  LedgerSnapshot snapshot = Snapshot({{v1::MEMBER, "mbr_1", 0}});
  snapshot.earners["mbr_1"] = Earner();
  const int64_t member_account = snapshot.checked.at({v1::MEMBER, "mbr_1"}).account_id;
  const int64_t car_issued = snapshot.contra.at({v1::PARTNER_ISSUED, "car"});
  PostingPlanner planner(kFixed, snapshot);
  absl::StatusOr<PostingPlan> plan = planner.Plan(
      Draft(v1::EARN, "mbr_1", {{v1::PARTNER_ISSUED, "car", -40}, {v1::MEMBER, "mbr_1", 40}}));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->leg_account_ids, ElementsAre(car_issued, member_account));
}

// ---- Lots ----

TEST(PostingPlanner, DebitsTakeTheSoonestExpiringLotsAndCutTheLastInPart) {
  // Lots, any order: 10 expiring at 500 (origin 3), 30 at 1000 (origin 7), 70 at 2000 (origin 9).
  LedgerSnapshot snapshot =
      Snapshot({{v1::MEMBER, "mbr_1", 110, {{9, 2'000, 70}, {3, 500, 10}, {7, 1'000, 30}}}});
  PostingPlanner planner(kFixed, snapshot);
  absl::StatusOr<PostingPlan> plan = planner.Plan(Draft(
      v1::REDEEM, "mbr_1", {{v1::MEMBER, "mbr_1", -45}, {v1::PARTNER_REDEEMED, "hotel", 45}}));
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_THAT(plan->lots_taken, SizeIs(1));
  const LotCut& cut = plan->lots_taken[0];
  EXPECT_EQ(cut.account_id, 100);
  EXPECT_EQ(cut.whole_through, (LotSlice{7, 1'000, 30}));  // 10 + 30 used up
  EXPECT_EQ(cut.part, (LotSlice{9, 2'000, 5}));            // 5 of the 70
  EXPECT_THAT(planner.snapshot().checked.at({v1::MEMBER, "mbr_1"}).lots,
              ElementsAre(LotSlice{9, 2'000, 65}));
}

TEST(PostingPlanner, ADebitOfWholeLotsCutsNoPart) {
  LedgerSnapshot snapshot = Snapshot({{v1::MEMBER, "mbr_1", 100, kTwoLots}});
  PostingPlanner planner(kFixed, snapshot);
  absl::StatusOr<PostingPlan> plan = planner.Plan(Draft(
      v1::REDEEM, "mbr_1", {{v1::MEMBER, "mbr_1", -30}, {v1::PARTNER_REDEEMED, "hotel", 30}}));
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_THAT(plan->lots_taken, SizeIs(1));
  EXPECT_EQ(plan->lots_taken[0].whole_through, (LotSlice{7, 1'000, 30}));
  EXPECT_EQ(plan->lots_taken[0].part, std::nullopt);
}

TEST(PostingPlanner, ADebitWithinOneLotCutsOnlyAPart) {
  LedgerSnapshot snapshot = Snapshot({{v1::MEMBER, "mbr_1", 100, kTwoLots}});
  PostingPlanner planner(kFixed, snapshot);
  absl::StatusOr<PostingPlan> plan = planner.Plan(Draft(
      v1::REDEEM, "mbr_1", {{v1::MEMBER, "mbr_1", -12}, {v1::PARTNER_REDEEMED, "hotel", 12}}));
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_THAT(plan->lots_taken, SizeIs(1));
  EXPECT_EQ(plan->lots_taken[0].whole_through, std::nullopt);
  EXPECT_EQ(plan->lots_taken[0].part, (LotSlice{7, 1'000, 12}));
}

TEST(PostingPlanner, LotsShortOfTheBalanceAreAnInternalError) {
  LedgerSnapshot snapshot = Snapshot({{v1::MEMBER, "mbr_1", 100, {{7, 1'000, 30}}}});
  PostingPlanner planner(kFixed, snapshot);
  absl::StatusOr<PostingPlan> plan = planner.Plan(Draft(
      v1::REDEEM, "mbr_1", {{v1::MEMBER, "mbr_1", -50}, {v1::PARTNER_REDEEMED, "hotel", 50}}));
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kInternal);
}

TEST(PostingPlanner, LotsGivenByTheCallerAreMovedNotCut) {
  // An expiry run removes the lots it read; the plan only records their moves.
  LedgerSnapshot snapshot = Snapshot({{v1::MEMBER, "mbr_1", 100}});
  PostingPlanner planner(kFixed, snapshot);
  const std::vector<LotSlice> expired = {{7, 1'000, 30}, {8, 1'000, 10}};
  absl::StatusOr<PostingPlan> plan =
      planner.Plan(Draft(v1::EXPIRE, "mbr_1",
                         {{v1::MEMBER, "mbr_1", -40}, {v1::OPERATOR_BREAKAGE, "operator", 40}}),
                   &expired);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->lots_taken, IsEmpty());
  EXPECT_THAT(plan->lots_created, IsEmpty());
  EXPECT_THAT(plan->lot_moves, ElementsAre(LotMove{100, 7, -30}, LotMove{100, 8, -10}));
}

TEST(PostingPlanner, ActivityExtendsTheMembersLots) {
  LedgerSnapshot snapshot = Snapshot({{v1::MEMBER, "mbr_1", 100, kTwoLots}});
  snapshot.earners["mbr_1"] = Earner();
  PostingPlanner planner(kActivity, snapshot);
  absl::StatusOr<PostingPlan> earn = planner.Plan(
      Draft(v1::EARN, "mbr_1", {{v1::PARTNER_ISSUED, "car", -5}, {v1::MEMBER, "mbr_1", 5}}));
  ASSERT_TRUE(earn.ok()) << earn.status();
  ASSERT_THAT(earn->lots_extended, SizeIs(1));
  EXPECT_EQ(earn->lots_extended[0].member_id, "mbr_1");
  EXPECT_EQ(earn->lots_extended[0].expire_at_us, kExpiry24);
  absl::StatusOr<PostingPlan> refund = planner.Plan(
      Draft(v1::REFUND, "mbr_1", {{v1::PARTNER_REDEEMED, "hotel", -5}, {v1::MEMBER, "mbr_1", 5}}));
  ASSERT_TRUE(refund.ok()) << refund.status();
  EXPECT_THAT(refund->lots_extended, IsEmpty());  // not the member's own activity
}

TEST(PostingPlanner, NeverExpiringPointsStartLotsThatNeverExpire) {
  LedgerSnapshot snapshot = Snapshot({{v1::MEMBER, "mbr_1", 0}});
  snapshot.earners["mbr_1"] = Earner();
  PostingPlanner planner({ExpiryPolicy::Kind::kNever, 24}, snapshot);
  absl::StatusOr<PostingPlan> plan = planner.Plan(
      Draft(v1::EARN, "mbr_1", {{v1::PARTNER_ISSUED, "car", -5}, {v1::MEMBER, "mbr_1", 5}}));
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_THAT(plan->lots_created, SizeIs(1));
  EXPECT_EQ(plan->lots_created[0].expire_at_us, ExpiryPolicy::kNeverUs);
}

// ---- Tiers ----

v1::TierLadder Ladder() {
  v1::TierLadder ladder;
  ladder.set_window_months(12);
  for (const auto& [id, points] :
       {std::pair{"member", 0}, std::pair{"silver", 1000}, std::pair{"gold", 5000}}) {
    v1::TierLevel& level = *ladder.add_levels();
    level.set_tier_id(id);
    level.set_qualifying_points(points);
  }
  return ladder;
}

struct TierCase {
  std::string name;
  int rank;
  int64_t qualifying_before;
  int64_t earned;
  std::optional<std::string> upgraded_to;
};

class TierUpgrades : public ::testing::TestWithParam<TierCase> {};

TEST_P(TierUpgrades, HappenWhenAnEarnReachesAThreshold) {
  const TierCase& c = GetParam();
  const v1::TierLadder ladder = Ladder();
  EarnerState before = Earner(c.qualifying_before);
  before.tier_rank = c.rank;
  before.tier_id = ladder.levels(c.rank).tier_id();
  std::optional<TierUpgrade> upgrade = UpgradeAfterEarn(ladder, "mbr_1", before, c.earned, kNow);
  if (!c.upgraded_to) {
    EXPECT_EQ(upgrade, std::nullopt);
    return;
  }
  ASSERT_TRUE(upgrade.has_value());
  EXPECT_EQ(upgrade->to_tier_id, *c.upgraded_to);
  EXPECT_EQ(upgrade->from_tier_id, before.tier_id);
  EXPECT_EQ(upgrade->qualifying_points, c.qualifying_before + c.earned);
  // Reviewed 12 months on, at the end of that day.
  EXPECT_EQ(upgrade->review_at_us,
            absl::ToUnixMicros(absl::FromCivil(absl::CivilDay(2027, 3, 16), absl::UTCTimeZone())));
  EXPECT_EQ(upgrade->change_time_us, absl::ToUnixMicros(kNow));
}

INSTANTIATE_TEST_SUITE_P(PostingPlanner, TierUpgrades,
                         ::testing::Values(TierCase{"OnePointShort", 0, 900, 99, std::nullopt},
                                           TierCase{"ExactlyAtTheThreshold", 0, 900, 100, "silver"},
                                           TierCase{"PastTwoThresholds", 0, 0, 6000, "gold"},
                                           TierCase{"AlreadyThere", 1, 1000, 10, std::nullopt},
                                           TierCase{"NeverDown", 2, 0, 10, std::nullopt}),
                         [](const auto& test) { return test.param.name; });

TEST(PostingPlanner, ALadderOfOneLevelMovesNobody) {
  EXPECT_EQ(UpgradeAfterEarn(BuiltInTierLadder(), "mbr_1", Earner(), 1'000'000, kNow),
            std::nullopt);
}

TEST(PostingPlanner, AnEarnRecordsQualifyingPointsAndUpgradesOnce) {
  LedgerSnapshot snapshot = Snapshot({{v1::MEMBER, "mbr_1", 0}});
  snapshot.ladder = Ladder();
  snapshot.earners["mbr_1"] = Earner(990);
  PostingPlanner planner(kFixed, snapshot);
  const PostingDraft earn =
      Draft(v1::EARN, "mbr_1", {{v1::PARTNER_ISSUED, "car", -10}, {v1::MEMBER, "mbr_1", 10}});
  absl::StatusOr<PostingPlan> first = planner.Plan(earn);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_THAT(first->qualifying, SizeIs(1));
  EXPECT_EQ(first->qualifying[0].member_id, "mbr_1");
  EXPECT_EQ(first->qualifying[0].month, MonthIndex(kNow));
  EXPECT_EQ(first->qualifying[0].points, 10);
  ASSERT_THAT(first->tier_upgrades, SizeIs(1));
  EXPECT_EQ(first->tier_upgrades[0].to_tier_id, "silver");
  EXPECT_EQ(first->tier_upgrades[0].to_rank, 1);

  absl::StatusOr<PostingPlan> second = planner.Plan(earn);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_THAT(second->tier_upgrades, IsEmpty());  // silver already, 1010 short of gold
  EXPECT_EQ(planner.snapshot().earners.at("mbr_1").qualifying_points, 1010);
}

// ---- Referrals ----

LedgerSnapshot ReferredMember(int64_t bonus_points, int64_t min_points) {
  LedgerSnapshot snapshot = Snapshot({{v1::MEMBER, "mbr_1", 0}, {v1::MEMBER, "mbr_ref", 0}});
  snapshot.bonus_program.set_referral_bonus_points(bonus_points);
  snapshot.bonus_program.set_referral_min_points(min_points);
  snapshot.earners["mbr_1"] = Earner(0, "mbr_ref");
  return snapshot;
}

PostingDraft Earn(int64_t points, v1::PostingType type = v1::EARN) {
  if (type == v1::CONFIRM) {
    return Draft(type, "mbr_1",
                 {{v1::MEMBER_PENDING, "mbr_1", -points}, {v1::MEMBER, "mbr_1", points}});
  }
  return Draft(type, "mbr_1",
               {{v1::PARTNER_ISSUED, "car", -points}, {v1::MEMBER, "mbr_1", points}});
}

TEST(PostingPlanner, AReferralIsPaidOnceOnTheFirstQualifyingPurchase) {
  PostingPlanner planner(kFixed, ReferredMember(/*bonus_points=*/500, /*min_points=*/100));
  absl::StatusOr<PostingPlan> small = planner.Plan(Earn(99));
  ASSERT_TRUE(small.ok()) << small.status();
  EXPECT_THAT(small->follow_ups, IsEmpty());  // not a qualifying purchase: a later one may be

  absl::StatusOr<PostingPlan> first = planner.Plan(Earn(100));
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_THAT(first->follow_ups, SizeIs(1));
  const FollowUp& bonus = first->follow_ups[0];
  EXPECT_EQ(bonus.pays_referral_of, "mbr_1");
  EXPECT_EQ(bonus.draft.key.caller, "account.bonus");
  EXPECT_EQ(bonus.draft.key.request_id, "referral-bonus/mbr_1");
  EXPECT_EQ(bonus.draft.posting.type(), v1::BONUS);
  EXPECT_EQ(bonus.draft.posting.reference(), "referral/mbr_1");
  EXPECT_EQ(bonus.draft.posting.occur_time().SerializeAsString(),
            ToProtoTime(kNow).SerializeAsString());
  ASSERT_EQ(bonus.draft.posting.legs_size(), 2);
  EXPECT_EQ(bonus.draft.posting.legs(0).account().kind(), v1::OPERATOR_PROMOTIONS);
  EXPECT_EQ(bonus.draft.posting.legs(0).points(), -500);
  EXPECT_EQ(bonus.draft.posting.legs(1).account().owner_id(), "mbr_ref");
  EXPECT_EQ(bonus.draft.posting.legs(1).points(), 500);

  // The follow-up plans like any posting, and marks the referral paid.
  absl::StatusOr<PostingPlan> paid = planner.Plan(bonus);
  ASSERT_TRUE(paid.ok()) << paid.status();
  EXPECT_EQ(paid->pays_referral_of, "mbr_1");
  EXPECT_THAT(Deltas(*paid),
              ElementsAre(std::pair{AccountKey{v1::MEMBER, "mbr_ref"}, int64_t{500}}));
  EXPECT_THAT(paid->follow_ups, IsEmpty());
  EXPECT_THAT(paid->qualifying, IsEmpty());  // a bonus is not an earn

  absl::StatusOr<PostingPlan> again = planner.Plan(Earn(1000));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_THAT(again->follow_ups, IsEmpty());
}

TEST(PostingPlanner, AConfirmedPurchasePaysTheReferralToo) {
  LedgerSnapshot snapshot = ReferredMember(500, 100);
  CheckedAccount& pending = snapshot.checked[{v1::MEMBER_PENDING, "mbr_1"}];
  pending.account_id = 200;
  pending.balance = 100;
  pending.member_id = "mbr_1";
  pending.lots = {{5, 1, 100}};
  PostingPlanner planner(kFixed, snapshot);
  absl::StatusOr<PostingPlan> plan = planner.Plan(Earn(100, v1::CONFIRM));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->follow_ups, SizeIs(1));
}

TEST(PostingPlanner, NoReferralBonusWithoutAProgram) {
  PostingPlanner planner(kFixed, ReferredMember(/*bonus_points=*/0, 0));
  absl::StatusOr<PostingPlan> plan = planner.Plan(Earn(1000));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->follow_ups, IsEmpty());
  EXPECT_TRUE(planner.snapshot().earners.at("mbr_1").unpaid_referrer_id.has_value());
}

TEST(PostingPlanner, AnUnreferredMemberPaysNoBonus) {
  LedgerSnapshot snapshot = ReferredMember(500, 0);
  snapshot.earners["mbr_1"].unpaid_referrer_id.reset();
  PostingPlanner planner(kFixed, snapshot);
  absl::StatusOr<PostingPlan> plan = planner.Plan(Earn(1000));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->follow_ups, IsEmpty());
}

// ---- Pre-paid low-water alerts ----

struct AlertCase {
  std::string name;
  int64_t balance_before;
  int64_t points;
  bool alerts;
};

class LowWaterAlerts : public ::testing::TestWithParam<AlertCase> {};

TEST_P(LowWaterAlerts, RaiseOncePerCrossing) {
  const AlertCase& c = GetParam();
  LedgerSnapshot snapshot =
      Snapshot({{v1::MEMBER, "mbr_1", 0}, {v1::PARTNER_PREPAID, "car", c.balance_before}});
  snapshot.checked.at({v1::PARTNER_PREPAID, "car"}).low_water_points = 100;
  snapshot.earners["mbr_1"] = Earner();
  PostingPlanner planner(kFixed, snapshot);
  absl::StatusOr<PostingPlan> plan = planner.Plan(
      Draft(v1::EARN, "mbr_1",
            {{v1::PARTNER_PREPAID, "car", -c.points}, {v1::MEMBER, "mbr_1", c.points}}));
  ASSERT_TRUE(plan.ok()) << plan.status();
  if (!c.alerts) {
    EXPECT_THAT(plan->alerts, IsEmpty());
    return;
  }
  ASSERT_THAT(plan->alerts, SizeIs(1));
  EXPECT_EQ(plan->alerts[0].partner_id, "car");
  EXPECT_EQ(plan->alerts[0].prepaid_points, c.balance_before - c.points);
  EXPECT_EQ(plan->alerts[0].low_water_points, 100);
  EXPECT_EQ(plan->alerts[0].alert_time_us, absl::ToUnixMicros(kNow));
}

INSTANTIATE_TEST_SUITE_P(PostingPlanner, LowWaterAlerts,
                         ::testing::Values(AlertCase{"StaysAbove", 500, 300, false},
                                           AlertCase{"LandsOnTheMark", 500, 400, false},
                                           AlertCase{"CrossesFromAbove", 500, 401, true},
                                           AlertCase{"CrossesFromTheMark", 100, 1, true},
                                           AlertCase{"AlreadyBelow", 99, 1, false}),
                         [](const auto& test) { return test.param.name; });

TEST(PostingPlanner, ASecondDrawBelowTheMarkDoesNotAlertAgain) {
  LedgerSnapshot snapshot = Snapshot({{v1::MEMBER, "mbr_1", 0}, {v1::PARTNER_PREPAID, "car", 150}});
  snapshot.checked.at({v1::PARTNER_PREPAID, "car"}).low_water_points = 100;
  snapshot.earners["mbr_1"] = Earner();
  PostingPlanner planner(kFixed, snapshot);
  const PostingDraft draw =
      Draft(v1::EARN, "mbr_1", {{v1::PARTNER_PREPAID, "car", -60}, {v1::MEMBER, "mbr_1", 60}});
  absl::StatusOr<PostingPlan> first = planner.Plan(draw);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_THAT(first->alerts, SizeIs(1));
  absl::StatusOr<PostingPlan> second = planner.Plan(draw);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_THAT(second->alerts, IsEmpty());
  absl::StatusOr<PostingPlan> third = planner.Plan(draw);  // 30 left: the block refuses
  EXPECT_EQ(third.status().code(), absl::StatusCode::kFailedPrecondition);
}

// ---- Batches: plans against one snapshot see each other ----

TEST(PostingPlanner, ASecondPlanSeesTheFirstsBalance) {
  LedgerSnapshot snapshot = Snapshot({{v1::MEMBER, "mbr_1", 50, {{7, 1'000, 50}}}});
  PostingPlanner planner(kFixed, snapshot);
  const PostingDraft spend =
      Draft(v1::REDEEM, "mbr_1", {{v1::MEMBER, "mbr_1", -30}, {v1::PARTNER_REDEEMED, "hotel", 30}});
  ASSERT_TRUE(planner.Plan(spend).ok());
  absl::StatusOr<PostingPlan> second = planner.Plan(spend);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(second.status().message(),
            "insufficient points: member 'mbr_1' has 20 available, the posting needs 30");
}

}  // namespace
}  // namespace coalition::account
