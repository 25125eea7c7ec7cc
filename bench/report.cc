#include "bench/report.h"

#include <cstdio>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"

namespace coalition::bench {
namespace {

double Throughput(const LoadResult& result) {
  return static_cast<double>(result.ok) / absl::ToDoubleSeconds(result.measured);
}

std::string Errors(const LoadResult& result) {
  std::vector<std::string> parts;
  for (const auto& [code, n] : result.errors)
    parts.push_back(absl::StrCat(static_cast<int>(code), ":", n));
  return parts.empty() ? "-" : absl::StrJoin(parts, ",");
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
                         label.variant, Mode(label.options), Throughput(result),
                         Ms(h.Percentile(50)), Ms(h.Percentile(90)), Ms(h.Percentile(99)),
                         Ms(h.Percentile(99.9)), Ms(h.max()), Errors(result));
}

std::string JsonLine(const RunLabel& label, const LoadResult& result, const std::string& commit) {
  const LatencyHistogram& h = result.latency_us;
  std::vector<std::string> errors;
  for (const auto& [code, n] : result.errors)
    errors.push_back(absl::StrFormat("\"%d\":%d", static_cast<int>(code), n));
  return absl::StrFormat(
      "{\"time\":\"%s\",\"commit\":\"%s\",\"scenario\":\"%s\",\"variant\":\"%s\",\"mode\":\"%s\","
      "\"concurrency\":%d,\"rate_per_s\":%d,\"duration_s\":%.0f,\"ok\":%d,\"ok_per_s\":%.1f,"
      "\"p50_us\":%d,\"p90_us\":%d,\"p99_us\":%d,\"p999_us\":%d,\"max_us\":%d,"
      "\"late_starts\":%d,\"errors\":{%s}}",
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone()), commit,
      label.scenario, label.variant, label.options.mode == LoadMode::kClosed ? "closed" : "open",
      label.options.concurrency, label.options.rate_per_s, absl::ToDoubleSeconds(result.measured),
      result.ok, Throughput(result), h.Percentile(50), h.Percentile(90), h.Percentile(99),
      h.Percentile(99.9), h.max(), result.late_starts, absl::StrJoin(errors, ","));
}

void Report(const RunLabel& label, const LoadResult& result, const std::string& json_path,
            const std::string& commit) {
  std::printf("%s\n", TableRow(label, result).c_str());
  if (!json_path.empty()) {
    std::ofstream(json_path, std::ios::app) << JsonLine(label, result, commit) << "\n";
  }
}

}  // namespace coalition::bench
