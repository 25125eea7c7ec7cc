#include "tests/integration/coalition_test.h"

#include <atomic>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/proto_time.h"

namespace coalition::testing {

using account::v1::AccountService;
using redemption::v1::RedemptionService;

std::string CoalitionTest::UniqueId(const std::string& prefix) {
  static std::atomic<int> counter{0};
  static const int64_t nonce = absl::ToUnixMicros(absl::Now()) % 1'000'000'000;
  return absl::StrCat(prefix, "-", counter.fetch_add(1), "-", nonce);
}

std::string CoalitionTest::NewPartner(const PartnerTerms& terms) {
  admin::v1::CreatePartnerRequest request;
  request.set_request_id(UniqueId("create-partner"));
  admin::v1::Partner& partner = *request.mutable_partner();
  partner.set_partner_id(UniqueId("p"));
  partner.set_display_name("Test partner");
  partner.set_currency(terms.currency);
  partner.mutable_earn_rate()->set_points(terms.earn_points);
  partner.mutable_earn_rate()->set_per_amount_minor(terms.earn_per_amount_minor);
  partner.mutable_issuance_price()->set_amount_minor(terms.issuance_amount_minor);
  partner.mutable_issuance_price()->set_per_points(terms.issuance_per_points);
  partner.mutable_reimbursement_price()->set_amount_minor(terms.reimbursement_amount_minor);
  partner.mutable_reimbursement_price()->set_per_points(terms.reimbursement_per_points);
  auto created = Call(platform().partners(), &admin::v1::PartnerAdminService::Stub::CreatePartner,
                      request, "operator");
  EXPECT_TRUE(created.status.ok()) << created.status.error_message();
  return created.response.partner_id();
}

std::string CoalitionTest::NewMember() {
  account::v1::EnrollMemberRequest request;
  request.set_request_id(UniqueId("enroll"));
  request.set_display_name("Test member");
  auto enrolled = Call(platform().accounts(), &AccountService::Stub::EnrollMember, request);
  EXPECT_TRUE(enrolled.status.ok()) << enrolled.status.error_message();
  return enrolled.response.member_id();
}

earning::v1::RecordPurchaseRequest CoalitionTest::PurchaseRequest(const std::string& member_id,
                                                                  const std::string& partner_id,
                                                                  int64_t amount_minor) {
  earning::v1::RecordPurchaseRequest request;
  request.set_request_id(UniqueId("purchase"));
  request.set_partner_id(partner_id);
  request.set_member_id(member_id);
  request.set_amount_minor(amount_minor);
  request.set_currency("EUR");
  request.set_category("test");
  request.set_partner_transaction_id(UniqueId("txn"));
  return request;
}

int64_t CoalitionTest::Earn(const std::string& member_id, const std::string& partner_id,
                            int64_t amount_minor) {
  auto recorded = Call(platform().earning(), &earning::v1::EarningService::Stub::RecordPurchase,
                       PurchaseRequest(member_id, partner_id, amount_minor), partner_id);
  EXPECT_TRUE(recorded.status.ok()) << recorded.status.error_message();
  return recorded.response.points_earned();
}

account::v1::Balance CoalitionTest::Balance(const std::string& member_id) {
  account::v1::GetBalanceRequest request;
  request.set_member_id(member_id);
  auto balance = Call(platform().accounts(), &AccountService::Stub::GetBalance, request);
  EXPECT_TRUE(balance.status.ok()) << balance.status.error_message();
  return balance.response;
}

int CoalitionTest::HistoryLength(const std::string& member_id) {
  account::v1::ListTransactionsRequest request;
  request.set_member_id(member_id);
  request.set_page_size(500);
  auto history = Call(platform().accounts(), &AccountService::Stub::ListTransactions, request);
  EXPECT_TRUE(history.status.ok()) << history.status.error_message();
  return history.response.transactions_size();
}

int64_t CoalitionTest::LastLedgerSequence() {
  int64_t after = 0;
  for (;;) {
    account::v1::ListPostingsRequest request;
    request.set_after_sequence(after);
    request.set_page_size(1000);
    auto page = Call(platform().ledger(), &account::v1::LedgerService::Stub::ListPostings, request);
    EXPECT_TRUE(page.status.ok()) << page.status.error_message();
    if (!page.status.ok() || page.response.postings().empty()) return after;
    after = page.response.next_after_sequence();
  }
}

CallResult<redemption::v1::Redemption> CoalitionTest::Redeem(const std::string& member_id,
                                                             const std::string& partner_id,
                                                             int64_t points,
                                                             const std::string& request_id) {
  redemption::v1::RedeemRequest request;
  request.set_request_id(request_id);
  request.set_partner_id(partner_id);
  request.set_member_id(member_id);
  request.set_points(points);
  return Call(platform().redemption(), &RedemptionService::Stub::Redeem, request, partner_id);
}

CallResult<redemption::v1::Hold> CoalitionTest::Hold(const std::string& member_id,
                                                     const std::string& partner_id,
                                                     int64_t points) {
  redemption::v1::HoldPointsRequest request;
  request.set_request_id(UniqueId("hold"));
  request.set_partner_id(partner_id);
  request.set_member_id(member_id);
  request.set_points(points);
  return Call(platform().redemption(), &RedemptionService::Stub::HoldPoints, request, partner_id);
}

CallResult<redemption::v1::Hold> CoalitionTest::Capture(const std::string& hold_id, int64_t points,
                                                        const std::string& request_id) {
  redemption::v1::CapturePointsRequest request;
  request.set_request_id(request_id);
  request.set_hold_id(hold_id);
  request.set_points(points);
  return Call(platform().redemption(), &RedemptionService::Stub::CapturePoints, request);
}

CallResult<redemption::v1::Hold> CoalitionTest::Void(const std::string& hold_id,
                                                     const std::string& request_id) {
  redemption::v1::VoidHoldRequest request;
  request.set_request_id(request_id);
  request.set_hold_id(hold_id);
  return Call(platform().redemption(), &RedemptionService::Stub::VoidHold, request);
}

absl::Time CoalitionTest::ClockNow(sandbox::v1::SandboxClockService::Stub& clock) {
  auto now = Call(clock, &sandbox::v1::SandboxClockService::Stub::GetClockTime,
                  sandbox::v1::GetClockTimeRequest{});
  EXPECT_TRUE(now.status.ok()) << now.status.error_message();
  return absl::FromUnixMicros(ProtoTimeToMicros(now.response.now()));
}

absl::Time CoalitionTest::AdvanceClock(sandbox::v1::SandboxClockService::Stub& clock,
                                       absl::Duration by) {
  sandbox::v1::AdvanceClockRequest request;
  request.set_seconds(absl::ToInt64Seconds(by));
  auto now = Call(clock, &sandbox::v1::SandboxClockService::Stub::AdvanceClock, request);
  EXPECT_TRUE(now.status.ok()) << now.status.error_message();
  return absl::FromUnixMicros(ProtoTimeToMicros(now.response.now()));
}

CallResult<account::v1::ExpiryRun> CoalitionTest::RunExpiry(const std::string& request_id,
                                                            int max_members) {
  account::v1::RunExpiryRequest request;
  request.set_request_id(request_id);
  request.set_max_members(max_members);
  return Call(platform().account_admin(), &account::v1::AccountAdminService::Stub::RunExpiry,
              request, "operator");
}

account::v1::MemberSummary CoalitionTest::Summary(const std::string& member_id,
                                                  int transaction_count) {
  account::v1::GetMemberSummaryRequest request;
  request.set_member_id(member_id);
  request.set_transaction_count(transaction_count);
  auto summary = Call(platform().accounts(), &AccountService::Stub::GetMemberSummary, request);
  EXPECT_TRUE(summary.status.ok()) << summary.status.error_message();
  return summary.response;
}

absl::StatusOr<WhiteBox> CoalitionTest::AccountDb() { return ServiceDb("account"); }

absl::StatusOr<WhiteBox> CoalitionTest::ServiceDb(const std::string& service) {
  return WhiteBox::Open(SharedPlatform().schema(service));
}

CoalitionTest::Books CoalitionTest::ReadBooks() {
  auto db = AccountDb();
  EXPECT_TRUE(db.ok()) << db.status();
  if (!db.ok()) return {};
  Books books;
  auto lots = db->Query(
      "SELECT COUNT(*) AS accounts, COALESCE(SUM(a.balance <> COALESCE(l.points, 0)), 0)"
      " AS differ FROM accounts a LEFT JOIN (SELECT account_id, SUM(points) AS points FROM lots"
      " GROUP BY account_id) l ON l.account_id = a.account_id WHERE a.kind IN (1, 2, 7)");
  EXPECT_TRUE(lots.ok()) << lots.status();
  if (!lots.ok()) return {};
  books.member_owned_accounts = lots->at(0).Int(0);
  books.accounts_whose_lots_differ = lots->at(0).Int(1);
  auto postings = db->Query(
      "SELECT COUNT(*) AS unbalanced FROM (SELECT sequence FROM entries GROUP BY sequence"
      " HAVING SUM(points) <> 0) u");
  EXPECT_TRUE(postings.ok()) << postings.status();
  if (!postings.ok()) return {};
  books.unbalanced_postings = postings->at(0).Int(0);
  return books;
}

}  // namespace coalition::testing
