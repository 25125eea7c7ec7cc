#include "services/account/grpc/member_event_stream.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "services/common/grpc/async_serving.h"
#include "services/common/grpc/call_context.h"
#include "services/common/grpc/grpc_status.h"

namespace coalition::account {
namespace {

// Whom a stream counts against: the caller as the gateway (or an internal client) named it,
// taken as an opaque name. "" for a call that names none.
std::string CallerName(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  const auto it =
      metadata.find(grpc::string_ref(kCallerMetadataKey.data(), kCallerMetadataKey.size()));
  return it == metadata.end() ? std::string() : std::string(it->second.data(), it->second.size());
}

}  // namespace

// One call, from waiting for it to its end. At most one operation of its own is under way on the
// queue at a time (accepting the call, its initial metadata, a write, the finish), or it waits in
// the scheduler, or a poll runs; besides, gRPC's notice that the call ended comes once. Those
// run one after another, so only `cancelled_` is shared (with the notice). It deletes itself
// once both its finish completed and the call ended, both on the queue's thread.
class MemberEventStream final : public Pollable {
 public:
  explicit MemberEventStream(MemberEventStreams& streams) : streams_(streams) {
    streams_.Add();
  }

  // Waits for the next call.
  void Listen() {
    context_.AsyncNotifyWhenDone(&ended_);
    streams_.accept_(&context_, &request_, &writer_, &accepted_);
  }

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
      if (grpc::Status admitted = streams_.admit_(context_, request_); !admitted.ok()) {
        Finish(admitted);
        return;
      }
      absl::StatusOr<MemberWatch> opened = streams_.events_.Open(request_, now);
      if (!opened.ok()) {
        Finish(ToGrpcStatus(opened.status()));
        return;
      }
      watch_ = *std::move(opened);
      // The client learns the watch is open before any event comes; the first read follows.
      writer_.SendInitialMetadata(&metadata_sent_);
      return;
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

  // A poll that is waiting comes at once once the call was cancelled; so does the next one of a
  // poll under way.
  bool Urgent() const override { return cancelled_ || streams_.stopping_; }

 private:
  void OnAccepted(bool ok) {
    if (!ok) {  // the server is shutting down: no call came, and none will end
      End();
      return;
    }
    (new MemberEventStream(streams_))->Listen();  // the next call
    if (streams_.stopping_) {
      Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                          "the account service is stopping: watch again later"));
      return;
    }
    absl::StatusOr<StreamSlot> slot = streams_.limits_.Acquire(CallerName(context_));
    if (!slot.ok()) {
      Finish(ToGrpcStatus(slot.status()));
      return;
    }
    slot_.emplace(*std::move(slot));
    // Admission and the history read run on the scheduler's threads, not on the queue's.
    streams_.scheduler_.PollAt(this, absl::InfinitePast());
  }

  void OnMetadataSent(bool ok) {
    if (!ok) {
      Finish(grpc::Status::CANCELLED);  // the client went
      return;
    }
    streams_.scheduler_.PollAt(this, absl::InfinitePast());
  }

  void OnWritten(bool ok) {
    if (!ok) {
      Finish(grpc::Status::CANCELLED);  // the client went
      return;
    }
    ++written_;
    WriteNextOrWait();
  }

  void OnFinished(bool /*ok: false when the client had gone*/) {
    finished_ = true;
    if (ended_seen_) End();
  }

  // The call is over: our finish went out, or the client cancelled (or went).
  void OnEnded(bool /*ok*/) {
    ended_seen_ = true;
    if (finished_) {
      End();
      return;
    }
    cancelled_ = true;
    streams_.scheduler_.PollNow(this);  // a waiting poll finishes the stream at once
  }

  void WriteNextOrWait() {
    if (written_ < batch_.size()) {
      // One at a time: a slow client holds back only itself.
      writer_.Write(batch_[written_], &written_one_);
      return;
    }
    const absl::Time now = absl::Now();
    streams_.scheduler_.PollAt(
        this, more_waiting_ ? now : std::min(now + streams_.poll_interval_, watch_->ends));
  }

  // The last operation: nothing is started for this call after it.
  void Finish(const grpc::Status& status) { writer_.Finish(status, &finished_op_); }

  void End() {
    MemberEventStreams& streams = streams_;
    delete this;
    streams.Remove();
  }

  MemberEventStreams& streams_;
  grpc::ServerContext context_;
  v1::WatchMemberEventsRequest request_;
  grpc::ServerAsyncWriter<v1::MemberEvent> writer_{&context_};
  AsyncEventOf<MemberEventStream> accepted_{this, &MemberEventStream::OnAccepted};
  AsyncEventOf<MemberEventStream> metadata_sent_{this, &MemberEventStream::OnMetadataSent};
  AsyncEventOf<MemberEventStream> written_one_{this, &MemberEventStream::OnWritten};
  AsyncEventOf<MemberEventStream> finished_op_{this, &MemberEventStream::OnFinished};
  AsyncEventOf<MemberEventStream> ended_{this, &MemberEventStream::OnEnded};
  std::optional<StreamSlot> slot_;  // once within the caps
  std::atomic<bool> cancelled_{false};
  bool finished_ = false;    // the finish completed (queue thread only)
  bool ended_seen_ = false;  // gRPC said the call ended (queue thread only)
  std::optional<MemberWatch> watch_;  // once admitted and opened
  std::vector<v1::MemberEvent> batch_;
  size_t written_ = 0;
  bool more_waiting_ = false;  // the last batch was full: read on at once
};

void MemberEventStreams::Serve(Accept accept, Admit admit) {
  accept_ = std::move(accept);
  admit_ = std::move(admit);
  (new MemberEventStream(*this))->Listen();
}

void MemberEventStreams::Stop() {
  stopping_ = true;
  scheduler_.PollAllNow();
}

void MemberEventStreams::Add() {
  absl::MutexLock lock(&mu_);
  ++alive_;
}

void MemberEventStreams::Remove() {
  absl::MutexLock lock(&mu_);
  --alive_;
}

void MemberEventStreams::WaitUntilQuiet() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](int* alive) { return *alive == 0; }, &alive_));
}

}  // namespace coalition::account
