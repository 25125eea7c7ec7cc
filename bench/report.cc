#include "bench/report.h"

#include <cstdio>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"

namespace coalition::bench {
namespace {

// Successful calls, or for batch runs successful items.
int64_t Ok(const RunLabel& label, const LoadResult& result) {
  return label.batch_size > 0 ? result.items_ok : result.ok;
}

double Throughput(const RunLabel& label, const LoadResult& result) {
  return static_cast<double>(Ok(label, result)) / absl::ToDoubleSeconds(result.measured);
}

// "3:12,14:1" for the table; as_json: "\"3\":12,\"14\":1" (an object's members).
std::string CodeCounts(const std::map<grpc::StatusCode, int64_t>& counts, bool as_json = false) {
  std::vector<std::string> parts;
  for (const auto& [code, n] : counts) {
    parts.push_back(as_json ? absl::StrFormat("\"%d\":%d", static_cast<int>(code), n)
                            : absl::StrCat(static_cast<int>(code), ":", n));
  }
  return absl::StrJoin(parts, ",");
}

std::string Errors(const RunLabel& label, const LoadResult& result) {
  std::string errors = CodeCounts(result.errors);
  if (label.batch_size > 0) {
    absl::StrAppend(&errors, errors.empty() ? "" : " ", "calls:", result.ok);
    if (!result.item_errors.empty()) {
      absl::StrAppend(&errors, " items ", CodeCounts(result.item_errors));
    }
    return errors;
  }
  return errors.empty() ? "-" : errors;
}

std::string Mode(const LoadOptions& options) {
  return options.mode == LoadMode::kClosed ? absl::StrCat("closed/", options.concurrency)
                                           : absl::StrCat("open@", options.rate_per_s, "/s");
}

std::string Ms(int64_t us) { return absl::StrFormat("%.2f", static_cast<double>(us) / 1000.0); }

}  // namespace

std::string TableHeader() {
  return absl::StrFormat("%-8s %-22s %-14s %9s %8s %8s %8s %8s %8s  %s", "scenario", "variant",
                         "load", "ok/s", "p50 ms", "p90 ms", "p99 ms", "p99.9", "max ms",
                         "errors(code:n)");
}

std::string TableRow(const RunLabel& label, const LoadResult& result) {
  const LatencyHistogram& h = result.latency_us;
  return absl::StrFormat("%-8s %-22s %-14s %9.0f %8s %8s %8s %8s %8s  %s", label.scenario,
                         label.variant, Mode(label.options), Throughput(label, result),
                         Ms(h.Percentile(50)), Ms(h.Percentile(90)), Ms(h.Percentile(99)),
                         Ms(h.Percentile(99.9)), Ms(h.max()), Errors(label, result));
}

std::string JsonLine(const RunLabel& label, const LoadResult& result, const std::string& commit) {
  const LatencyHistogram& h = result.latency_us;
  // Batch runs: the calls behind the items; latencies are the calls'.
  const std::string batch =
      label.batch_size > 0
          ? absl::StrFormat(",\"batch_size\":%d,\"calls_ok\":%d,\"item_errors\":{%s}",
                            label.batch_size, result.ok,
                            CodeCounts(result.item_errors, /*as_json=*/true))
          : "";
  return absl::StrFormat(
      "{\"time\":\"%s\",\"commit\":\"%s\",\"scenario\":\"%s\",\"variant\":\"%s\",\"mode\":\"%s\","
      "\"concurrency\":%d,\"rate_per_s\":%d,\"duration_s\":%.0f,\"ok\":%d,\"ok_per_s\":%.1f,"
      "\"p50_us\":%d,\"p90_us\":%d,\"p99_us\":%d,\"p999_us\":%d,\"max_us\":%d,"
      "\"late_starts\":%d,\"errors\":{%s}%s}",
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone()), commit,
      label.scenario, label.variant, label.options.mode == LoadMode::kClosed ? "closed" : "open",
      label.options.concurrency, label.options.rate_per_s, absl::ToDoubleSeconds(result.measured),
      Ok(label, result), Throughput(label, result), h.Percentile(50), h.Percentile(90),
      h.Percentile(99), h.Percentile(99.9), h.max(), result.late_starts,
      CodeCounts(result.errors, /*as_json=*/true), batch);
}

void Report(const RunLabel& label, const LoadResult& result, const std::string& json_path,
            const std::string& commit) {
  std::printf("%s\n", TableRow(label, result).c_str());
  if (!json_path.empty()) {
    std::ofstream(json_path, std::ios::app) << JsonLine(label, result, commit) << "\n";
  }
}

}  // namespace coalition::bench
