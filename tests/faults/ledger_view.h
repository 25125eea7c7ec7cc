// The ledger as the account service's tables hold it after the run, for the reconciliation:
// every posting with its legs, found by sequence or by (type, reference). Each service's rows
// claim the postings they stand for; a posting claimed twice, or by no row, is a difference.
//
//   ASSIGN_OR_RETURN(LedgerView ledger, LedgerView::Read(account_db));
//   const LedgerPosting* earn = ledger.At(purchase_sequence);
//   ledger.Claim(earn->sequence, "purchase pur_...", findings);
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "coalition/account/v1/account.pb.h"
#include "tests/faults/findings.h"
#include "tests/store/white_box.h"

namespace coalition::faults {

using ::coalition::testing::Row;
using ::coalition::testing::WhiteBox;

struct LedgerLeg {
  account::v1::AccountKind kind;
  std::string owner_id;
  int64_t points = 0;
};

struct LedgerPosting {
  int64_t sequence = 0;
  account::v1::PostingType type = account::v1::POSTING_TYPE_UNSPECIFIED;
  std::string partner_id;
  std::string member_id;
  std::string reference;
  std::vector<LedgerLeg> legs;

  // The points its legs move in one account (0 if it has no leg there).
  int64_t Leg(account::v1::AccountKind kind, const std::string& owner_id) const;
};

class LedgerView {
 public:
  static absl::StatusOr<LedgerView> Read(WhiteBox& account_db);

  const std::map<int64_t, LedgerPosting>& postings() const { return postings_; }
  // The posting of a sequence, or null.
  const LedgerPosting* At(int64_t sequence) const;
  // The postings of a type with a reference (a hold's HOLD and its CAPTURE or VOID, ...).
  std::vector<const LedgerPosting*> Find(account::v1::PostingType type,
                                         const std::string& reference) const;

  // Says that `what` (a service's row) stands for the posting: once each.
  void Claim(int64_t sequence, const std::string& what, const std::string& check,
             Findings& findings);
  // Postings no row claimed, each a difference.
  void ReportUnclaimed(Findings& findings) const;

 private:
  std::map<int64_t, LedgerPosting> postings_;
  std::multimap<std::pair<int, std::string>, int64_t> by_reference_;
  std::map<int64_t, std::string> claimed_by_;
};

}  // namespace coalition::faults
