// The mixed workload: workers that each pick an operation and its members at random (a seeded
// generator per worker), send it under a fresh request_id until it has a definitive answer, and
// journal what the answer says changed. A share of the requests goes as two copies at the same
// moment, on two connections; both copies must get the identical answer (status code, message
// and response bytes), since duplicates are decided by the idempotency key.
//
//   Workload workload(clients, coalition, journal, findings, options);
//   workload.Run();  // returns once the duration is over and every started request is decided
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "tests/faults/clients.h"
#include "tests/faults/findings.h"
#include "tests/faults/journal.h"
#include "tests/faults/retry.h"
#include "tests/faults/setup.h"

namespace coalition::faults {

enum class Op {
  kEarn,
  kRedeem,
  kHold,
  kCapture,
  kVoid,
  kRefundPurchase,
  kRefundRedemption,
  kTransfer,
  kOrder,
};
inline constexpr size_t kOpKinds = 9;
const char* OpName(Op op);

struct WorkloadOptions {
  uint64_t seed = 1;
  int workers = 8;
  absl::Duration duration = absl::Seconds(90);
  double duplicate_share = 0.05;  // of requests sent as two concurrent copies
  RetryPolicy retry;
};

// What happened to the requests of one kind of operation.
struct OpCounts {
  std::atomic<int64_t> sent{0};  // requests (a duplicated one counts once)
  std::atomic<int64_t> ok{0};
  std::atomic<int64_t> refused{0};     // FAILED_PRECONDITION: e.g. not enough points
  std::atomic<int64_t> unexpected{0};  // any other definitive answer
  std::atomic<int64_t> undecided{0};   // no definitive answer within the retry policy
  std::atomic<int64_t> duplicated{0};  // sent as two concurrent copies
};

class Workload {
 public:
  Workload(Clients& clients, const Coalition& coalition, Journal& journal, Findings& findings,
           const WorkloadOptions& options);

  void Run();

  const OpCounts& counts(Op op) const { return counts_[static_cast<size_t>(op)]; }
  const RetryCounts& retries() const { return retries_; }
  // The longest any request took to its definitive answer, retries included.
  absl::Duration longest() const { return absl::Milliseconds(longest_ms_.load()); }

 private:
  // What the workload may act on later: purchases to refund, spendings to refund, open holds.
  struct PurchaseRef {
    std::string partner_id;
    std::string partner_transaction_id;
    int64_t amount_minor = 0;
    int64_t refunded_minor = 0;  // by refunds answered OK
  };
  struct SpendingRef {
    std::string id;  // redemption id or, for a captured hold, hold id
    bool hold = false;
    std::string partner_id;
    int64_t spent = 0;
    int64_t refunded = 0;  // by refunds answered OK
  };

  void Work(int worker);
  // Each sends one request (or a duplicated pair) and journals its answer.
  void Earn(std::mt19937_64& random, const std::string& request_id, bool twice);
  void Redeem(std::mt19937_64& random, const std::string& request_id, bool twice);
  void Hold(std::mt19937_64& random, const std::string& request_id, bool twice);
  void Close(std::mt19937_64& random, const std::string& request_id, bool twice, bool capture);
  void RefundPurchase(std::mt19937_64& random, const std::string& request_id, bool twice);
  void RefundRedemption(std::mt19937_64& random, const std::string& request_id, bool twice);
  void Transfer(std::mt19937_64& random, const std::string& request_id, bool twice);
  void Order(std::mt19937_64& random, const std::string& request_id, bool twice);

  // Sends through `send(copy)` once, or twice at the same moment; tallies and compares the
  // answers; returns the OK response, if the request succeeded.
  template <typename Response, typename SendCopy>
  std::optional<Response> Decide(Op op, const std::string& request_id, bool twice, SendCopy send);

  const std::string& AnyMember(std::mt19937_64& random) const;
  const std::string& AnyPartner(std::mt19937_64& random) const;

  Clients& clients_;
  const Coalition& coalition_;
  Journal& journal_;
  Findings& findings_;
  const WorkloadOptions options_;
  absl::Time end_;

  std::array<OpCounts, kOpKinds> counts_;
  RetryCounts retries_;
  std::atomic<int64_t> longest_ms_{0};

  absl::Mutex mu_;
  std::vector<std::shared_ptr<PurchaseRef>> purchases_ ABSL_GUARDED_BY(mu_);
  std::vector<std::shared_ptr<SpendingRef>> spendings_ ABSL_GUARDED_BY(mu_);
  std::vector<redemption::v1::Hold> open_holds_ ABSL_GUARDED_BY(mu_);
};

}  // namespace coalition::faults
