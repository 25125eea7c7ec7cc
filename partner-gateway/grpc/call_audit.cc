#include "partner-gateway/grpc/call_audit.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "grpcpp/support/status.h"
#include "services/common/fingerprint.h"
#include "services/common/log.h"
#include "services/common/proto_time.h"

namespace coalition::gateway {

bool RefusalTally::Add(const Kind& kind, absl::Time now) {
  auto [it, is_new] = open_.try_emplace(kind, Window{now + window_, 0});
  Window& window = it->second;
  if (is_new) return true;
  if (now < window.end) {
    ++window.counted;
    return false;
  }
  // Its window ended and has not been taken yet: keep its count, and this opens the next.
  if (window.counted > 0) ended_.push_back({kind, window.counted, window.end});
  window = Window{now + window_, 0};
  return true;
}

std::vector<RefusalTally::Count> RefusalTally::Take(absl::Time now, bool cut_short) {
  std::vector<Count> taken = std::move(ended_);
  ended_.clear();
  for (auto it = open_.begin(); it != open_.end();) {
    const Window& window = it->second;
    if (window.end > now && !cut_short) {
      ++it;
      continue;
    }
    if (window.counted > 0) taken.push_back({it->first, window.counted, std::min(window.end, now)});
    open_.erase(it++);
  }
  return taken;
}

CallAudit::CallAudit(AuditLog& log, const Clock& clock, absl::Duration window)
    : log_(log), clock_(clock), window_(window), tally_(window) {
  writer_ = std::thread([this] { WriteEndedWindows(); });
}

CallAudit::~CallAudit() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  writer_.join();
  absl::MutexLock lock(&mu_);
  Write(tally_.TakeAll(clock_.Now()));
}

void CallAudit::Record(const Identity& who, absl::string_view method, absl::string_view request,
                       int status_code) {
  const absl::Time now = clock_.Now();
  if (status_code != grpc::StatusCode::OK) {
    absl::MutexLock lock(&mu_);
    if (!tally_.Add({who.caller, RoleName(who.role), std::string(method), status_code}, now)) {
      return;  // counted, written when its window ends
    }
  }
  v1::AuditRecord record;
  *record.mutable_time() = ToProtoTime(now);
  record.set_caller(who.caller);
  record.set_role(RoleName(who.role));
  record.set_method(std::string(method));
  record.set_request_sha256(Sha256Hex(request));
  record.set_status_code(status_code);
  Write(record);
}

void CallAudit::WriteEndedWindows() {
  // Often enough that a count is written soon after its window ends, never a busy loop.
  const absl::Duration period = std::clamp(window_ / 10, absl::Milliseconds(100), absl::Seconds(5));
  for (;;) {
    std::vector<RefusalTally::Count> ended;
    {
      absl::MutexLock lock(&mu_);
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), period)) return;
      ended = tally_.TakeEnded(clock_.Now());
    }
    Write(ended);  // outside the lock: Record never waits on the database for a count
  }
}

void CallAudit::Write(const std::vector<RefusalTally::Count>& counts) {
  for (const RefusalTally::Count& count : counts) {
    v1::AuditRecord record;
    *record.mutable_time() = ToProtoTime(count.window_end);
    record.set_caller(count.kind.caller);
    record.set_role(count.kind.role);
    record.set_method(count.kind.method);
    record.set_status_code(count.kind.status_code);
    record.set_aggregated_refusals(count.refusals);
    Write(record);
  }
}

void CallAudit::Write(const v1::AuditRecord& record) {
  if (const absl::Status written = log_.Append(record); !written.ok()) {
    LogError("gateway", absl::StrCat("audit: ", written.ToString()));
  }
}

}  // namespace coalition::gateway
