#include "services/account/grpc/member_event_stream.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "services/common/grpc/call_context.h"
#include "services/common/grpc/grpc_status.h"

namespace coalition::account {
namespace {

// Whom a stream counts against: the caller as the gateway (or an internal client) named it,
// taken as an opaque name. "" for a call that names none.
std::string CallerName(const grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  const auto it =
      metadata.find(grpc::string_ref(kCallerMetadataKey.data(), kCallerMetadataKey.size()));
  return it == metadata.end() ? std::string() : std::string(it->second.data(), it->second.size());
}

// A stream refused before it started.
class RefusedStream final : public grpc::ServerWriteReactor<v1::MemberEvent> {
 public:
  explicit RefusedStream(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace

// One open stream. Its state is touched by one party at a time: the poll that reads a batch
// starts the first write, each OnWriteDone starts the next, and the last schedules the next
// poll. Only `cancelled_` is shared with OnCancel. Finish is always the last thing done with
// `this`: OnDone, which deletes it, may run at once on another thread.
class MemberEventStream final : public grpc::ServerWriteReactor<v1::MemberEvent>, public Pollable {
 public:
  MemberEventStream(MemberEventStreams& streams, v1::WatchMemberEventsRequest request,
                    std::function<grpc::Status()> admit, StreamSlot slot)
      : streams_(streams),
        request_(std::move(request)),
        admit_(std::move(admit)),
        slot_(std::move(slot)) {}

  void Poll() override {
    if (cancelled_) {
      Finish(grpc::Status::CANCELLED);
      return;
    }
    if (streams_.stopping_) {
      Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                          "the account service is stopping: watch again from the last cursor"));
      return;
    }
    const absl::Time now = absl::Now();
    if (!watch_) {
      if (grpc::Status admitted = admit_(); !admitted.ok()) {
        Finish(admitted);
        return;
      }
      absl::StatusOr<MemberWatch> opened = streams_.events_.Open(request_, now);
      if (!opened.ok()) {
        Finish(ToGrpcStatus(opened.status()));
        return;
      }
      watch_ = *std::move(opened);
      // The client learns the watch is open before any event comes.
      StartSendInitialMetadata();
    }
    if (now >= watch_->ends) {
      Finish(grpc::Status::OK);  // the client watches again from its last cursor
      return;
    }
    absl::StatusOr<std::vector<v1::MemberEvent>> batch = streams_.events_.Next(*watch_);
    if (!batch.ok()) {
      Finish(ToGrpcStatus(batch.status()));
      return;
    }
    more_waiting_ = batch->size() == MemberEvents::kBatchEvents;
    batch_ = *std::move(batch);
    written_ = 0;
    WriteNextOrWait();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status::CANCELLED);  // the client went
      return;
    }
    ++written_;
    WriteNextOrWait();
  }

  // A poll that is waiting comes at once and finishes the stream; so does the next one of a
  // poll or write under way (Urgent).
  void OnCancel() override {
    cancelled_ = true;
    streams_.scheduler_.PollNow(this);
  }
  bool Urgent() const override { return cancelled_ || streams_.stopping_; }

  void OnDone() override { delete this; }

 private:
  void WriteNextOrWait() {
    if (written_ < batch_.size()) {
      StartWrite(&batch_[written_]);  // one at a time: a slow client holds back only itself
      return;
    }
    const absl::Time now = absl::Now();
    streams_.scheduler_.PollAt(
        this, more_waiting_ ? now : std::min(now + streams_.poll_interval_, watch_->ends));
  }

  MemberEventStreams& streams_;
  const v1::WatchMemberEventsRequest request_;
  const std::function<grpc::Status()> admit_;
  const StreamSlot slot_;
  std::atomic<bool> cancelled_{false};
  std::optional<MemberWatch> watch_;  // once admitted and opened
  std::vector<v1::MemberEvent> batch_;
  size_t written_ = 0;
  bool more_waiting_ = false;  // the last batch was full: read on at once
};

grpc::ServerWriteReactor<v1::MemberEvent>* MemberEventStreams::Open(
    grpc::CallbackServerContext* context, const v1::WatchMemberEventsRequest& request,
    std::function<grpc::Status()> admit) {
  if (stopping_) {
    return new RefusedStream(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                          "the account service is stopping: watch again later"));
  }
  absl::StatusOr<StreamSlot> slot = limits_.Acquire(CallerName(*context));
  if (!slot.ok()) return new RefusedStream(ToGrpcStatus(slot.status()));
  auto* stream = new MemberEventStream(*this, request, std::move(admit), *std::move(slot));
  // Admission and the history read run on the scheduler's threads, not on gRPC's.
  scheduler_.PollAt(stream, absl::InfinitePast());
  return stream;
}

void MemberEventStreams::Stop() {
  stopping_ = true;
  scheduler_.PollAllNow();
}

}  // namespace coalition::account
