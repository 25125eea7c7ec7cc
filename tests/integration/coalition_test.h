// Base fixture for integration tests: the shared real platform (started once per test binary by
// test_main.cc), plus helpers that make a fresh partner or member for each test, so tests never
// depend on each other's data.
#pragma once

#include <cstdint>
#include <string>

#include "gtest/gtest.h"
#include "tests/integration/platform.h"
#include "tests/matchers/grpc_status_matchers.h"
#include "tests/store/white_box.h"

namespace coalition::testing {

Platform& SharedPlatform();

struct PartnerTerms {
  int64_t earn_points = 1;
  int64_t earn_per_amount_minor = 100;
  int64_t issuance_amount_minor = 1;
  int64_t issuance_per_points = 1;
  int64_t reimbursement_amount_minor = 8;
  int64_t reimbursement_per_points = 10;
  std::string currency = "EUR";
};

class CoalitionTest : public ::testing::Test {
 protected:
  Platform& platform() { return SharedPlatform(); }

  // A unique id for this test run: "<prefix>-<n>-<nonce>".
  static std::string UniqueId(const std::string& prefix);

  std::string NewPartner(const PartnerTerms& terms = {});
  std::string NewMember();
  // A purchase in EUR with fresh request and partner transaction ids.
  static earning::v1::RecordPurchaseRequest PurchaseRequest(const std::string& member_id,
                                                            const std::string& partner_id,
                                                            int64_t amount_minor);
  // Records a purchase (a fresh partner transaction id) and returns the points earned.
  int64_t Earn(const std::string& member_id, const std::string& partner_id, int64_t amount_minor);
  account::v1::Balance Balance(const std::string& member_id);
  int HistoryLength(const std::string& member_id);
  int64_t LastLedgerSequence();

  CallResult<redemption::v1::Redemption> Redeem(const std::string& member_id,
                                                const std::string& partner_id, int64_t points,
                                                const std::string& request_id);
  CallResult<redemption::v1::Hold> Hold(const std::string& member_id, const std::string& partner_id,
                                        int64_t points);
  CallResult<redemption::v1::Hold> Capture(const std::string& hold_id, int64_t points,
                                           const std::string& request_id);
  CallResult<redemption::v1::Hold> Void(const std::string& hold_id, const std::string& request_id);

  // The account service's business clock.
  absl::Time AccountNow() { return ClockNow(platform().account_clock()); }
  absl::Time AdvanceAccountClock(absl::Duration by) {
    return AdvanceClock(platform().account_clock(), by);
  }
  // The earning service's business clock, which decides promotions and reporting windows.
  absl::Time EarningNow() { return ClockNow(platform().earning_clock()); }
  absl::Time AdvanceEarningClock(absl::Duration by) {
    return AdvanceClock(platform().earning_clock(), by);
  }
  absl::Time ClockNow(sandbox::v1::SandboxClockService::Stub& clock);
  absl::Time AdvanceClock(sandbox::v1::SandboxClockService::Stub& clock, absl::Duration by);
  CallResult<account::v1::ExpiryRun> RunExpiry(const std::string& request_id, int max_members = 0);
  account::v1::MemberSummary Summary(const std::string& member_id, int transaction_count = 0);

  // White box: the account service's own schema.
  static absl::StatusOr<WhiteBox> AccountDb();
  // White box: a service's own schema ("redemption", ...).
  static absl::StatusOr<WhiteBox> ServiceDb(const std::string& service);

 public:
  // White box, read from the account service's own tables: the ledger's books as they stand.
  struct Books {
    int64_t member_owned_accounts = 0;       // members', holds' and households'
    int64_t accounts_whose_lots_differ = 0;  // from the account's balance
    int64_t unbalanced_postings = 0;
  };
  // Static so the books check in test_main.cc can read them after every test of a binary.
  static Books ReadBooks();
};

}  // namespace coalition::testing
