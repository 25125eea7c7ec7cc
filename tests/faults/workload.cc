#include "tests/faults/workload.h"

#include <algorithm>
#include <latch>
#include <optional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace coalition::faults {
namespace {

// How often each operation is picked, in the order of Op: earning and spending most, then
// refunds, which act on what earlier operations made. Fewer closes than holds, so some holds
// stay open long enough to expire (a quarter have TTLs of seconds) or outlast the run.
constexpr std::array<int, kOpKinds> kWeights = {22, 14, 14, 8, 4, 9, 9, 8, 8};

// A member's app moves points between members; partners do everything else as themselves.
constexpr char kTransferCaller[] = "mobile:faults-app";

constexpr int32_t kLongHoldTtlS = 86'400;

int64_t Uniform(std::mt19937_64& random, int64_t low, int64_t high) {
  return std::uniform_int_distribution<int64_t>(low, std::max(low, high))(random);
}

size_t UniformIndex(std::mt19937_64& random, size_t count) {
  return std::uniform_int_distribution<size_t>(0, count - 1)(random);
}

bool Chance(std::mt19937_64& random, double p) { return std::bernoulli_distribution(p)(random); }

// The response's bytes in one canonical form, to compare two copies' answers.
std::string Bytes(const google::protobuf::Message& message) {
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  message.SerializeToCodedStream(&coded);
  return bytes;
}

template <typename Response>
std::string Describe(const Answer<Response>& answer) {
  if (answer.status.ok()) {
    return absl::StrCat("OK {", answer.response.ShortDebugString().substr(0, 300), "}");
  }
  return absl::StrCat("code ", answer.status.error_code(), " '", answer.status.error_message(),
                      "'");
}

}  // namespace

const char* OpName(Op op) {
  switch (op) {
    case Op::kEarn:
      return "earn";
    case Op::kRedeem:
      return "redeem";
    case Op::kHold:
      return "hold";
    case Op::kCapture:
      return "capture";
    case Op::kVoid:
      return "void";
    case Op::kRefundPurchase:
      return "refund-purchase";
    case Op::kRefundRedemption:
      return "refund-redemption";
    case Op::kTransfer:
      return "transfer";
    case Op::kOrder:
      return "order";
  }
  return "?";
}

Workload::Workload(Clients& clients, const Coalition& coalition, Journal& journal,
                   Findings& findings, const WorkloadOptions& options)
    : clients_(clients),
      coalition_(coalition),
      journal_(journal),
      findings_(findings),
      options_(options) {
  findings_.Checked("duplicate pairs answered differently");
  findings_.Checked("requests never answered definitively");
  findings_.Checked("unexpected answers");
}

void Workload::Run() {
  end_ = absl::Now() + options_.duration;
  std::vector<std::thread> workers;
  for (int w = 0; w < options_.workers; ++w) workers.emplace_back([this, w] { Work(w); });
  for (std::thread& worker : workers) worker.join();
}

void Workload::Work(int worker) {
  std::mt19937_64 random(options_.seed * 1'000'003 + static_cast<uint64_t>(worker));
  std::discrete_distribution<int> pick(kWeights.begin(), kWeights.end());
  for (int64_t n = 0; absl::Now() < end_; ++n) {
    const Op op = static_cast<Op>(pick(random));
    const bool twice = Chance(random, options_.duplicate_share);
    const std::string request_id =
        absl::StrCat(OpName(op), "-", options_.seed, "-", worker, "-", n);
    switch (op) {
      case Op::kEarn:
        Earn(random, request_id, twice);
        break;
      case Op::kRedeem:
        Redeem(random, request_id, twice);
        break;
      case Op::kHold:
        Hold(random, request_id, twice);
        break;
      case Op::kCapture:
        Close(random, request_id, twice, /*capture=*/true);
        break;
      case Op::kVoid:
        Close(random, request_id, twice, /*capture=*/false);
        break;
      case Op::kRefundPurchase:
        RefundPurchase(random, request_id, twice);
        break;
      case Op::kRefundRedemption:
        RefundRedemption(random, request_id, twice);
        break;
      case Op::kTransfer:
        Transfer(random, request_id, twice);
        break;
      case Op::kOrder:
        Order(random, request_id, twice);
        break;
    }
  }
}

template <typename Response, typename SendCopy>
std::optional<Response> Workload::Decide(Op op, const std::string& request_id, bool twice,
                                         SendCopy send) {
  OpCounts& counts = counts_[static_cast<size_t>(op)];
  ++counts.sent;
  std::array<Answer<Response>, 2> answers;
  if (twice) {
    ++counts.duplicated;
    // Both copies leave together, each on its own connection and with its own retries.
    std::latch start(2);
    std::thread other([&] {
      start.arrive_and_wait();
      answers[1] = send(1);
    });
    start.arrive_and_wait();
    answers[0] = send(0);
    other.join();
  } else {
    answers[0] = send(0);
  }
  const size_t copies = twice ? 2 : 1;
  const Answer<Response>* decided = nullptr;
  for (size_t copy = 0; copy < copies; ++copy) {
    const Answer<Response>& answer = answers[copy];
    int64_t took_ms = absl::ToInt64Milliseconds(answer.took);
    for (int64_t longest = longest_ms_.load();
         took_ms > longest && !longest_ms_.compare_exchange_weak(longest, took_ms);) {
    }
    if (answer.undecided) {
      findings_.Add("requests never answered definitively",
                    absl::StrCat(OpName(op), " ", request_id, " after ", answer.attempts,
                                 " attempts: ", Describe(answer)));
      continue;
    }
    // An OK copy is what happened, whatever the other says: the journal follows it.
    if (decided == nullptr || (!decided->status.ok() && answer.status.ok())) decided = &answer;
  }
  if (twice && !answers[0].undecided && !answers[1].undecided) {
    const bool same = answers[0].status.error_code() == answers[1].status.error_code() &&
                      answers[0].status.error_message() == answers[1].status.error_message() &&
                      Bytes(answers[0].response) == Bytes(answers[1].response);
    if (!same) {
      findings_.Add("duplicate pairs answered differently",
                    absl::StrCat(OpName(op), " ", request_id, ": ", Describe(answers[0]), " vs ",
                                 Describe(answers[1])));
    }
  }
  if (decided == nullptr) {
    ++counts.undecided;
    return std::nullopt;
  }
  if (decided->status.ok()) {
    ++counts.ok;
    return decided->response;
  }
  if (decided->status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
    ++counts.refused;
  } else {
    // Every request is well formed and names what exists: any other refusal is a fault's doing.
    ++counts.unexpected;
    findings_.Add("unexpected answers",
                  absl::StrCat(OpName(op), " ", request_id, ": ", Describe(*decided)));
  }
  return std::nullopt;
}

const std::string& Workload::AnyMember(std::mt19937_64& random) const {
  return coalition_.members[UniformIndex(random, coalition_.members.size())];
}

const std::string& Workload::AnyPartner(std::mt19937_64& random) const {
  return coalition_.partners[UniformIndex(random, coalition_.partners.size())];
}

void Workload::Earn(std::mt19937_64& random, const std::string& request_id, bool twice) {
  earning::v1::RecordPurchaseRequest request;
  request.set_request_id(request_id);
  request.set_partner_id(AnyPartner(random));
  request.set_member_id(AnyMember(random));
  request.set_amount_minor(Uniform(random, 500, 30'000));
  request.set_currency("EUR");
  request.set_category("faults");
  request.set_partner_transaction_id(request_id);
  const auto purchase =
      Decide<earning::v1::Purchase>(Op::kEarn, request_id, twice, [&](size_t copy) {
        return SendUntilDefinitive(clients_.earning(copy),
                                   &earning::v1::EarningService::Stub::RecordPurchase, request,
                                   PartnerCaller(request.partner_id()), options_.retry, retries_);
      });
  if (!purchase) return;
  journal_.Earned(*purchase);
  absl::MutexLock lock(&mu_);
  purchases_.push_back(std::make_shared<PurchaseRef>(
      PurchaseRef{request.partner_id(), request.partner_transaction_id(), request.amount_minor()}));
}

void Workload::Redeem(std::mt19937_64& random, const std::string& request_id, bool twice) {
  redemption::v1::RedeemRequest request;
  request.set_request_id(request_id);
  request.set_partner_id(AnyPartner(random));
  request.set_member_id(AnyMember(random));
  // Mostly what the member has, sometimes a little more: a refusal is an answer to check too.
  const int64_t available = std::max<int64_t>(0, journal_.Expected(request.member_id()).available);
  request.set_points(available == 0 ? Uniform(random, 1, 50)
                                    : Uniform(random, 1, available + available / 8 + 1));
  const auto redeemed =
      Decide<redemption::v1::Redemption>(Op::kRedeem, request_id, twice, [&](size_t copy) {
        return SendUntilDefinitive(clients_.redemption(copy),
                                   &redemption::v1::RedemptionService::Stub::Redeem, request,
                                   PartnerCaller(request.partner_id()), options_.retry, retries_);
      });
  if (!redeemed) return;
  journal_.Redeemed(*redeemed);
  absl::MutexLock lock(&mu_);
  spendings_.push_back(std::make_shared<SpendingRef>(SpendingRef{
      redeemed->redemption_id(), /*hold=*/false, redeemed->partner_id(), redeemed->points()}));
}

void Workload::Hold(std::mt19937_64& random, const std::string& request_id, bool twice) {
  redemption::v1::HoldPointsRequest request;
  request.set_request_id(request_id);
  request.set_partner_id(AnyPartner(random));
  request.set_member_id(AnyMember(random));
  const int64_t available = std::max<int64_t>(0, journal_.Expected(request.member_id()).available);
  request.set_points(Uniform(random, 1, available / 2 + 1));
  // A quarter expire within seconds, for the sweeper to release (and late captures to meet); the
  // others outlast the run, so none expires while the reconciliation reads.
  request.set_ttl_s(Chance(random, 0.25) ? static_cast<int32_t>(Uniform(random, 3, 20))
                                         : kLongHoldTtlS);
  const auto held = Decide<redemption::v1::Hold>(Op::kHold, request_id, twice, [&](size_t copy) {
    return SendUntilDefinitive(clients_.redemption(copy),
                               &redemption::v1::RedemptionService::Stub::HoldPoints, request,
                               PartnerCaller(request.partner_id()), options_.retry, retries_);
  });
  if (!held) return;
  journal_.Held(*held);
  absl::MutexLock lock(&mu_);
  open_holds_.push_back(*held);
}

void Workload::Close(std::mt19937_64& random, const std::string& request_id, bool twice,
                     bool capture) {
  redemption::v1::Hold hold;
  {
    absl::MutexLock lock(&mu_);
    if (!open_holds_.empty()) {
      const size_t index = UniformIndex(random, open_holds_.size());
      hold = open_holds_[index];
      open_holds_[index] = open_holds_.back();
      open_holds_.pop_back();
    }
  }
  if (hold.hold_id().empty()) return Hold(random, request_id, twice);
  const std::string caller = PartnerCaller(hold.partner_id());
  std::optional<redemption::v1::Hold> closed;
  if (capture) {
    redemption::v1::CapturePointsRequest request;
    request.set_request_id(request_id);
    request.set_hold_id(hold.hold_id());
    request.set_points(Chance(random, 0.5) ? 0 : Uniform(random, 1, hold.points()));
    closed = Decide<redemption::v1::Hold>(Op::kCapture, request_id, twice, [&](size_t copy) {
      return SendUntilDefinitive(clients_.redemption(copy),
                                 &redemption::v1::RedemptionService::Stub::CapturePoints, request,
                                 caller, options_.retry, retries_);
    });
  } else {
    redemption::v1::VoidHoldRequest request;
    request.set_request_id(request_id);
    request.set_hold_id(hold.hold_id());
    closed = Decide<redemption::v1::Hold>(Op::kVoid, request_id, twice, [&](size_t copy) {
      return SendUntilDefinitive(clients_.redemption(copy),
                                 &redemption::v1::RedemptionService::Stub::VoidHold, request,
                                 caller, options_.retry, retries_);
    });
  }
  // Refused (it expired first): the sweeper's release is read back at the end.
  if (!closed) return;
  journal_.HoldClosed(*closed);
  if (closed->state() != redemption::v1::Hold::CAPTURED || closed->captured_points() == 0) return;
  absl::MutexLock lock(&mu_);
  spendings_.push_back(std::make_shared<SpendingRef>(SpendingRef{
      closed->hold_id(), /*hold=*/true, closed->partner_id(), closed->captured_points()}));
}

void Workload::RefundPurchase(std::mt19937_64& random, const std::string& request_id, bool twice) {
  std::shared_ptr<PurchaseRef> purchase;
  int64_t left = 0;
  {
    absl::MutexLock lock(&mu_);
    if (!purchases_.empty()) {
      const size_t index = UniformIndex(random, purchases_.size());
      purchase = purchases_[index];
      left = purchase->amount_minor - purchase->refunded_minor;
      if (left <= 0) {  // refunded in full: nothing more to do with it
        purchases_[index] = purchases_.back();
        purchases_.pop_back();
        purchase = nullptr;
      }
    }
  }
  if (purchase == nullptr) return Earn(random, request_id, twice);
  earning::v1::RefundPurchaseRequest request;
  request.set_request_id(request_id);
  request.set_partner_id(purchase->partner_id);
  request.set_partner_transaction_id(purchase->partner_transaction_id);
  request.set_partner_refund_id(request_id);
  request.set_amount_minor(Chance(random, 0.5) ? left : Uniform(random, 1, left));
  const auto refund =
      Decide<earning::v1::Refund>(Op::kRefundPurchase, request_id, twice, [&](size_t copy) {
        return SendUntilDefinitive(clients_.earning(copy),
                                   &earning::v1::EarningService::Stub::RefundPurchase, request,
                                   PartnerCaller(request.partner_id()), options_.retry, retries_);
      });
  if (!refund) return;
  journal_.PurchaseRefunded(*refund);
  absl::MutexLock lock(&mu_);
  purchase->refunded_minor += refund->amount_minor();
}

void Workload::RefundRedemption(std::mt19937_64& random, const std::string& request_id,
                                bool twice) {
  std::shared_ptr<SpendingRef> spending;
  int64_t left = 0;
  {
    absl::MutexLock lock(&mu_);
    if (!spendings_.empty()) {
      const size_t index = UniformIndex(random, spendings_.size());
      spending = spendings_[index];
      left = spending->spent - spending->refunded;
      if (left <= 0) {
        spendings_[index] = spendings_.back();
        spendings_.pop_back();
        spending = nullptr;
      }
    }
  }
  if (spending == nullptr) return Redeem(random, request_id, twice);
  redemption::v1::RefundRedemptionRequest request;
  request.set_request_id(request_id);
  if (spending->hold) {
    request.set_hold_id(spending->id);
  } else {
    request.set_redemption_id(spending->id);
  }
  request.set_points(Chance(random, 0.4) ? 0 : Uniform(random, 1, left));  // 0: all that is left
  request.set_reason("fault harness: the partner cancelled");
  const auto refund = Decide<redemption::v1::RedemptionRefund>(
      Op::kRefundRedemption, request_id, twice, [&](size_t copy) {
        return SendUntilDefinitive(
            clients_.redemption(copy), &redemption::v1::RedemptionService::Stub::RefundRedemption,
            request, PartnerCaller(spending->partner_id), options_.retry, retries_);
      });
  if (!refund) return;
  journal_.RedemptionRefunded(*refund);
  absl::MutexLock lock(&mu_);
  spending->refunded += refund->points();
}

void Workload::Transfer(std::mt19937_64& random, const std::string& request_id, bool twice) {
  account::v1::TransferPointsRequest request;
  request.set_request_id(request_id);
  request.set_from_member_id(AnyMember(random));
  do {
    request.set_to_member_id(AnyMember(random));
  } while (request.to_member_id() == request.from_member_id());
  const int64_t available =
      std::max<int64_t>(0, journal_.Expected(request.from_member_id()).available);
  request.set_points(Uniform(random, 1, available / 3 + 1));
  const auto transfer =
      Decide<account::v1::Transfer>(Op::kTransfer, request_id, twice, [&](size_t copy) {
        return SendUntilDefinitive(clients_.accounts(copy),
                                   &account::v1::AccountService::Stub::TransferPoints, request,
                                   kTransferCaller, options_.retry, retries_);
      });
  if (transfer) journal_.Transferred(*transfer);
}

void Workload::Order(std::mt19937_64& random, const std::string& request_id, bool twice) {
  const CatalogueReward& reward =
      coalition_.rewards[UniformIndex(random, coalition_.rewards.size())];
  redemption::v1::OrderRewardRequest request;
  request.set_request_id(request_id);
  request.set_partner_id(reward.partner_id);
  request.set_reward_id(reward.reward_id);
  request.set_member_id(AnyMember(random));
  request.set_quantity(Chance(random, 0.8) ? 1 : 2);
  const auto order =
      Decide<redemption::v1::RewardOrder>(Op::kOrder, request_id, twice, [&](size_t copy) {
        return SendUntilDefinitive(clients_.redemption(copy),
                                   &redemption::v1::RedemptionService::Stub::OrderReward, request,
                                   PartnerCaller(reward.partner_id), options_.retry, retries_);
      });
  if (!order) return;
  journal_.Ordered(*order);
  absl::MutexLock lock(&mu_);
  spendings_.push_back(std::make_shared<SpendingRef>(
      SpendingRef{order->redemption_id(), /*hold=*/false, order->partner_id(), order->points()}));
}

}  // namespace coalition::faults
