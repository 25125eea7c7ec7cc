// WatchMemberEvents streams on gRPC's asynchronous API (services/common/grpc/async_serving.h
// says why not the callback API). An open stream is an object on the server's completion queue
// and a place in a poll scheduler, not a thread: it polls the store for new events on one of a
// few shared threads (the database reads block, so they never run on gRPC's threads or the
// queue's), writes what it found, and waits again holding nothing. Streams are capped per caller
// and in all (StreamLimits), so one partner cannot hold every stream the service takes.
//
//   MemberEventStreams streams(events, options);
//   ... once the server runs (AsyncServing::StartServing):
//   streams.Serve(queue, accept, admit);
//   ... on SIGTERM, before the server's Shutdown:
//   streams.Stop();
//   ... after it (AsyncServing::WaitUntilQuiet):
//   streams.WaitUntilQuiet();
#pragma once

#include <atomic>
#include <functional>
#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "coalition/account/v1/account.grpc.pb.h"  // the writer's serialization of a MemberEvent
#include "grpcpp/server_context.h"
#include "grpcpp/support/async_stream.h"
#include "services/account/member_events.h"
#include "services/common/poll_scheduler.h"
#include "services/common/stream_limits.h"

namespace coalition::account {

struct MemberEventStreamOptions {
  StreamCaps caps;
  // How long an open stream waits between looks for new events (--member_events_poll_ms).
  absl::Duration poll_interval = absl::Milliseconds(200);
  // The threads every stream's reads share (--member_events_threads); each holds at most one
  // database connection while it reads.
  int threads = 2;
};

class MemberEventStreams {
 public:
  MemberEventStreams(const MemberEvents& events, const MemberEventStreamOptions& options)
      : events_(events),
        poll_interval_(options.poll_interval),
        limits_(options.caps),
        scheduler_(options.threads) {}

  // Asks gRPC for the next WatchMemberEvents call (the service's RequestWatchMemberEvents, on
  // the queue given to Serve), and says whether a caller may watch a request's member.
  using Accept = std::function<void(grpc::ServerContext*, v1::WatchMemberEventsRequest*,
                                    grpc::ServerAsyncWriter<v1::MemberEvent>*, void* tag)>;
  using Admit = std::function<grpc::Status(const grpc::ServerContext&,
                                           const v1::WatchMemberEventsRequest&)>;

  // Takes calls from now on, one waiting for the next at a time. A stream over a cap ends at
  // once RESOURCE_EXHAUSTED. Otherwise `admit` runs with the first poll, and a refusal (member
  // scope) ends the stream with its status before any event.
  void Serve(Accept accept, Admit admit);

  // Refuses new streams and ends every open one UNAVAILABLE at its next poll, which comes at
  // once. Call before the server shuts down, so its Shutdown need not wait out the deadline.
  void Stop();

  // Once the server has shut down: waits until every stream, and the one waiting for a call,
  // is gone (their last operations completed on the queue).
  void WaitUntilQuiet();

  // Streams open now.
  int open() const { return limits_.open(); }

 private:
  friend class MemberEventStream;
  void Add();
  void Remove();

  const MemberEvents& events_;
  const absl::Duration poll_interval_;
  std::atomic<bool> stopping_{false};
  StreamLimits limits_;
  Accept accept_;
  Admit admit_;
  absl::Mutex mu_;
  int alive_ ABSL_GUARDED_BY(mu_) = 0;  // streams, and the one waiting for a call
  // Last: its threads stop before anything they use goes.
  PollScheduler scheduler_;
};

}  // namespace coalition::account
