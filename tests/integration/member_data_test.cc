// Members' personal data: sealed at rest, found by card or partner id, erased on request, and
// re-sealed when the key rotates; through the real binaries, with white-box reads of the rows.
#include <cstdlib>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/card_number.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using account::v1::AccountAdminService;
using account::v1::AccountService;
using account::v1::Member;

// The member's row as stored.
struct StoredMember {
  std::string display_name;
  std::string email;
  std::string key_id;
  std::string sealed;
  bool has_card = false;
  bool erased = false;
};

class MemberData : public CoalitionTest {
 protected:
  CallResult<Member> Enroll(account::v1::EnrollMemberRequest request) {
    request.set_request_id(UniqueId("enroll"));
    return Call(platform().accounts(), &AccountService::Stub::EnrollMember, request);
  }

  account::v1::EnrollMemberRequest Ada() {
    account::v1::EnrollMemberRequest request;
    request.set_display_name("Ada Lovelace");
    request.set_email("ada@example.com");
    request.set_phone("+441234567890");
    return request;
  }

  CallResult<Member> Get(account::v1::GetMemberRequest request) {
    return Call(platform().accounts(), &AccountService::Stub::GetMember, request);
  }

  CallResult<Member> ById(const std::string& member_id) {
    account::v1::GetMemberRequest request;
    request.set_member_id(member_id);
    return Get(request);
  }

  // Members not erased whose personal data is not sealed under `key_id`: what a rekey reseals.
  int64_t MembersNotSealedUnder(const std::string& key_id) {
    auto db = AccountDb();
    EXPECT_TRUE(db.ok()) << db.status();
    if (!db.ok()) return -1;
    auto rows = db->Query(
        "SELECT COUNT(*) FROM members WHERE erase_time_us IS NULL"
        " AND (pii_key_id IS NULL OR pii_key_id <> ?)",
        {key_id});
    EXPECT_TRUE(rows.ok()) << rows.status();
    if (!rows.ok()) return -1;
    return rows->at(0).Int(0);
  }

  StoredMember Stored(const std::string& member_id) {
    auto db = AccountDb();
    EXPECT_TRUE(db.ok()) << db.status();
    if (!db.ok()) return {};
    auto rows = db->Query(
        "SELECT display_name, email, pii_key_id, pii_sealed, card_number, erase_time_us"
        " FROM members WHERE member_id = ?",
        {member_id});
    EXPECT_TRUE(rows.ok()) << rows.status();
    if (!rows.ok() || rows->empty()) {
      ADD_FAILURE() << "no stored member " << member_id;
      return {};
    }
    const Row& row = rows->front();
    StoredMember stored{row.Str(0), row.Str(1), "", "", !row.Null(4), !row.Null(5)};
    if (!row.Null(2)) {
      stored.key_id = row.Str(2);
      stored.sealed = row.Str(3);
    }
    return stored;
  }

  CallResult<Member> Erase(const std::string& member_id, const std::string& request_id) {
    account::v1::EraseMemberRequest request;
    request.set_request_id(request_id);
    request.set_member_id(member_id);
    request.set_reason("erasure request 2026-118");
    return Call(platform().account_admin(), &AccountAdminService::Stub::EraseMember, request,
                "operator");
  }
};

TEST_F(MemberData, PersonalDataIsSealedAtRestAndReadBackWhole) {
  auto enrolled = Enroll(Ada());
  ASSERT_TRUE(enrolled.status.ok()) << enrolled.status.error_message();
  const std::string member = enrolled.response.member_id();
  EXPECT_TRUE(IsValidCardNumber(enrolled.response.card_number()));  // issued by the coalition

  auto read = ById(member);
  ASSERT_TRUE(read.status.ok()) << read.status.error_message();
  EXPECT_EQ(read.response.display_name(), "Ada Lovelace");
  EXPECT_EQ(read.response.email(), "ada@example.com");
  EXPECT_EQ(read.response.phone(), "+441234567890");
  EXPECT_EQ(read.response.card_number(), enrolled.response.card_number());

  const StoredMember stored = Stored(member);
  EXPECT_EQ(stored.display_name, "");
  EXPECT_EQ(stored.email, "");
  EXPECT_EQ(stored.key_id, "it1");
  EXPECT_GT(stored.sealed.size(), 28u);
  for (const char* plain : {"Ada", "ada@", "1234567890"}) {
    EXPECT_EQ(stored.sealed.find(plain), std::string::npos) << plain;
  }
}

TEST_F(MemberData, MembersAreFoundByCardNumberOrAPartnersOwnId) {
  const std::string partner = NewPartner();
  account::v1::EnrollMemberRequest request = Ada();
  request.set_card_number("79927398713");
  request.set_partner_id(partner);
  request.set_external_id("CUST-42");
  auto enrolled = Enroll(request);
  ASSERT_TRUE(enrolled.status.ok()) << enrolled.status.error_message();
  const std::string member = enrolled.response.member_id();
  EXPECT_EQ(enrolled.response.card_number(), "79927398713");

  account::v1::GetMemberRequest by_card;
  by_card.set_card_number("79927398713");
  EXPECT_EQ(Get(by_card).response.member_id(), member);
  account::v1::GetMemberSummaryRequest summary;
  summary.set_partner_id(partner);
  summary.set_external_id("CUST-42");
  auto found = Call(platform().accounts(), &AccountService::Stub::GetMemberSummary, summary);
  ASSERT_TRUE(found.status.ok()) << found.status.error_message();
  EXPECT_EQ(found.response.member_id(), member);

  request.set_external_id("CUST-43");
  auto same_card = Enroll(request);
  EXPECT_EQ(same_card.status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(same_card.status.error_message(),
            "card_number: card '79927398713' belongs to another member");
  request.clear_card_number();
  request.set_external_id("CUST-42");
  auto same_id = Enroll(request);
  EXPECT_EQ(same_id.status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(same_id.status.error_message(), "external_id: partner '" + partner +
                                                "' already has a member with external id "
                                                "'CUST-42'");

  by_card.set_card_number("79927398710");  // a mistyped check digit
  EXPECT_EQ(Get(by_card).status.error_message(),
            "card_number: must be 8 to 19 digits ending in a valid Luhn check digit");
  by_card.set_card_number("4111111111111111");
  EXPECT_EQ(Get(by_card).status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get(by_card).status.error_message(),
            "card_number: no member has card '4111111111111111'");
  by_card.set_member_id(member);
  EXPECT_EQ(Get(by_card).status.error_message(),
            "member_id: name the member by exactly one of member_id, card_number, or partner_id "
            "with external_id");
  account::v1::EnrollMemberRequest bad_phone = Ada();
  bad_phone.set_phone("01234 567890");
  EXPECT_EQ(Enroll(bad_phone).status.error_message(),
            "phone: must be in E.164 form, '+' and 8 to 15 digits");
}

TEST_F(MemberData, ErasureRemovesPersonalDataAndKeepsTheLedger) {
  const std::string partner = NewPartner();
  auto enrolled = Enroll(Ada());
  const std::string member = enrolled.response.member_id();
  Earn(member, partner, 30'000);
  ASSERT_THAT(Redeem(member, partner, 100, UniqueId("redeem")).status, IsOk());

  auto too_soon = Erase(member, UniqueId("erase"));
  EXPECT_EQ(too_soon.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(too_soon.status.error_message(),
            "member_id: member '" + member +
                "' is ACTIVE: close or merge it before erasing its personal data");

  account::v1::CloseMemberRequest close;
  close.set_request_id(UniqueId("close"));
  close.set_member_id(member);
  close.set_reason("member asked to leave and be forgotten");
  ASSERT_TRUE(
      Call(platform().account_admin(), &AccountAdminService::Stub::CloseMember, close, "operator")
          .status.ok());
  const int history = HistoryLength(member);

  const std::string request_id = UniqueId("erase");
  auto erased = Erase(member, request_id);
  ASSERT_TRUE(erased.status.ok()) << erased.status.error_message();
  EXPECT_EQ(erased.response.display_name(), "");
  EXPECT_EQ(erased.response.email(), "");
  EXPECT_EQ(erased.response.phone(), "");
  EXPECT_EQ(erased.response.card_number(), "");
  EXPECT_TRUE(erased.response.has_erase_time());
  EXPECT_EQ(erased.response.state(), Member::CLOSED);
  EXPECT_EQ(Erase(member, request_id).response.SerializeAsString(),
            erased.response.SerializeAsString());

  const StoredMember stored = Stored(member);
  EXPECT_TRUE(stored.erased);
  EXPECT_EQ(stored.sealed, "");
  EXPECT_FALSE(stored.has_card);
  account::v1::GetMemberRequest by_card;
  by_card.set_card_number(enrolled.response.card_number());
  EXPECT_EQ(Get(by_card).status.error_code(), grpc::StatusCode::NOT_FOUND);

  EXPECT_EQ(HistoryLength(member), history);  // the ledger keeps every posting
  const Books books = ReadBooks();
  EXPECT_EQ(books.accounts_whose_lots_differ, 0);
  EXPECT_EQ(books.unbalanced_postings, 0);
}

// Independent of the other tests' members: it counts, before the run, the members it must reseal.
// It leaves the key ring as it found it.
TEST_F(MemberData, RotatingTheKeyReSealsEveryMemberAndTheOldKeyCanThenGo) {
  const std::string before = Enroll(Ada()).response.member_id();
  const std::string old_entry = std::getenv("COALITION_PII_KEYS");
  const std::string new_entry = NewPiiKeyEntry("it2");

  setenv("COALITION_PII_KEYS", (old_entry + "," + new_entry).c_str(), 1);
  ASSERT_THAT(platform().RestartAccount(), IsOk());
  EXPECT_EQ(ById(before).response.display_name(), "Ada Lovelace");  // under the old key still
  const std::string after = Enroll(Ada()).response.member_id();
  EXPECT_EQ(Stored(after).key_id, "it2");

  const int64_t to_reseal = MembersNotSealedUnder("it2");  // the run's count, over its steps
  account::v1::RunPiiRekeyRequest rekey;
  rekey.set_request_id(UniqueId("rekey"));
  rekey.set_max_members(1);
  auto step =
      Call(platform().account_admin(), &AccountAdminService::Stub::RunPiiRekey, rekey, "operator");
  ASSERT_TRUE(step.status.ok()) << step.status.error_message();
  EXPECT_FALSE(step.response.complete());
  EXPECT_EQ(step.response.key_id(), "it2");
  rekey.set_max_members(10'000);
  auto run =
      Call(platform().account_admin(), &AccountAdminService::Stub::RunPiiRekey, rekey, "operator");
  ASSERT_TRUE(run.status.ok()) << run.status.error_message();
  EXPECT_TRUE(run.response.complete());
  EXPECT_GT(to_reseal, 0);
  EXPECT_EQ(run.response.members(), to_reseal);  // every member before it2, but erased ones
  EXPECT_EQ(Stored(before).key_id, "it2");

  setenv("COALITION_PII_KEYS", new_entry.c_str(), 1);
  ASSERT_THAT(platform().RestartAccount(), IsOk());
  EXPECT_EQ(ById(before).response.email(), "ada@example.com");
  EXPECT_EQ(ById(after).response.phone(), "+441234567890");

  // The ring the other tests started with, it1 current again (it2 kept, so what it sealed still
  // opens): the tests that run after this one see the key they expect.
  setenv("COALITION_PII_KEYS", (new_entry + "," + old_entry).c_str(), 1);
  ASSERT_THAT(platform().RestartAccount(), IsOk());
  EXPECT_EQ(ById(after).response.phone(), "+441234567890");
}

}  // namespace
}  // namespace coalition::testing
