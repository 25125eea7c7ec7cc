// Proves closed periods' statements agree with the ledger, as an outside client would: reads
// every closed period's report from the settlement service and the ledger's postings from the
// account service, page by page (never the whole ledger in memory), and recounts
// (ledger_recount.h). Used by `coalitionctl settlement verify` and the quick-start scenario.
//
//   ASSIGN_OR_RETURN(Verification verified, VerifyClosedPeriods(ledger, settlement, "operator"));
//   if (!verified.differences.empty()) ...
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/account/v1/account.grpc.pb.h"
#include "coalition/settlement/v1/settlement.grpc.pb.h"

namespace coalition::settlement {

struct Verification {
  int periods = 0;
  int64_t postings_read = 0;
  int64_t last_sequence = 0;
  std::vector<std::string> differences;  // empty: the statements agree with the ledger
};

// `progress` is told the sequence read up to and the last one needed, after each page.
absl::StatusOr<Verification> VerifyClosedPeriods(
    account::v1::AccountAdminService::Stub& ledger, v1::SettlementAdminService::Stub& settlement,
    absl::string_view caller,
    const std::function<void(int64_t read_to, int64_t last)>& progress = nullptr);

}  // namespace coalition::settlement
