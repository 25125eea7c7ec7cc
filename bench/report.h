// One load run written two ways: a fixed-width table row for people, a JSON line for files.
#pragma once

#include <string>

#include "bench/load_runner.h"

namespace coalition::bench {

struct RunLabel {
  std::string scenario;  // e.g. "earn"
  std::string variant;   // e.g. "skewed-20-partners"
  LoadOptions options;
  // > 0: each call carries this many items (RecordPurchases), and ok, ok/s and the errors count
  // items (the calls' own counts and latencies are reported too).
  int batch_size = 0;
};

std::string TableHeader();
std::string TableRow(const RunLabel& label, const LoadResult& result);
std::string JsonLine(const RunLabel& label, const LoadResult& result, const std::string& commit);

// Prints the table row, and appends the JSON line to `json_path` unless it is empty.
void Report(const RunLabel& label, const LoadResult& result, const std::string& json_path,
            const std::string& commit);

}  // namespace coalition::bench
