#include "tests/faults/summary.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace coalition::faults {
namespace {

const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    default:
      return "other";
  }
}

std::string Seconds(absl::Duration duration) {
  return absl::StrFormat("%.1f s", absl::ToDoubleSeconds(duration));
}

std::string Operations(const Workload& workload) {
  int64_t sent = 0;
  int64_t duplicated = 0;
  std::string lines;
  for (size_t kind = 0; kind < kOpKinds; ++kind) {
    const OpCounts& counts = workload.counts(static_cast<Op>(kind));
    sent += counts.sent;
    duplicated += counts.duplicated;
    absl::StrAppendFormat(&lines,
                          "  %-18s %6d sent: %6d ok, %5d refused, %d unexpected, %d undecided;"
                          " %d as duplicate pairs\n",
                          OpName(static_cast<Op>(kind)), counts.sent.load(), counts.ok.load(),
                          counts.refused.load(), counts.unexpected.load(), counts.undecided.load(),
                          counts.duplicated.load());
  }
  const RetryCounts& retries = workload.retries();
  std::string by_code;
  for (int code = 0; code <= 16; ++code) {
    const int64_t count = retries.Of(static_cast<grpc::StatusCode>(code));
    if (count > 0) {
      absl::StrAppend(&by_code, by_code.empty() ? "" : ", ",
                      CodeName(static_cast<grpc::StatusCode>(code)), " ", count);
    }
  }
  return absl::StrCat("operations: ", sent, " (", duplicated, " of them as duplicate pairs)\n",
                      lines, "retries: ", retries.Total(), " (", by_code, ")\n",
                      "longest time to a definitive answer: ", Seconds(workload.longest()), "\n");
}

std::string Faults(const std::vector<FaultRecord>& faults) {
  std::map<std::string, int> by_target;
  std::string lines;
  absl::Duration longest;
  std::string longest_what = "none";
  for (const FaultRecord& record : faults) {
    const std::string what = absl::StrCat(record.fault.kind, " ", record.fault.target);
    ++by_target[what];
    absl::StrAppend(
        &lines, "  at ", Seconds(record.began), ": ", what, ", recovered ",
        record.recovered_after ? absl::StrCat("after ", Seconds(*record.recovered_after)) : "NEVER",
        "\n");
    if (record.recovered_after && *record.recovered_after > longest) {
      longest = *record.recovered_after;
      longest_what = what;
    }
  }
  std::string counts;
  for (const auto& [what, count] : by_target) {
    absl::StrAppend(&counts, counts.empty() ? "" : ", ", what, " x", count);
  }
  return absl::StrCat("faults: ", faults.size(), " (", counts, ")\n", lines,
                      "longest time to recover: ", Seconds(longest), " (", longest_what, ")\n");
}

}  // namespace

std::string Summary(const RunFacts& facts) {
  const int64_t differences = facts.findings->Total();
  return absl::StrCat(
      "== coalition-faults: ", facts.profile, "\n", "workload: ", Seconds(facts.workload_took),
      "; whole run (platform start to last check): ", Seconds(facts.total_took), "\n",
      Operations(*facts.workload), Faults(*facts.faults),
      "holds left open (HELD): ", facts.rest.holds_left_open,
      "; expired and released by the sweeper: ", facts.rest.holds_expired, "\n",
      "settlement: ", facts.settlement.periods_closed, " period(s) closed, verified against ",
      facts.settlement.postings_verified, " postings\n", "differences by check:\n",
      facts.findings->Summary(),
      differences == 0 ? "RESULT: PASS, 0 differences\n"
                       : absl::StrCat("RESULT: FAIL, ", differences, " differences\n"));
}

}  // namespace coalition::faults
