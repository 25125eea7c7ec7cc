// WatchMemberEvents streams on gRPC's callback API. An open stream is a reactor and a place in a
// poll scheduler, not a thread: it polls the store for new events on one of a few shared threads
// (the database reads block, so they never run on gRPC's own threads), writes what it found, and
// waits again holding nothing. Streams are capped per caller and in all (StreamLimits), so one
// partner cannot hold every stream the service takes.
//
//   MemberEventStreams streams(events, options);
//   ... in the callback handler:
//   return streams.Open(context, *request, [=] { return CheckMemberScope(*context, member); });
//   ... on SIGTERM, before the server's Shutdown:
//   streams.Stop();
#pragma once

#include <atomic>
#include <functional>

#include "absl/time/time.h"
#include "coalition/account/v1/account.pb.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
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

  // The reactor serving one call; gRPC owns it until its OnDone. A stream over a cap ends at once
  // RESOURCE_EXHAUSTED. Otherwise `admit` runs with the first poll, and a refusal (member scope)
  // ends the stream with its status before any event. `context` outlives the reactor.
  grpc::ServerWriteReactor<v1::MemberEvent>* Open(grpc::CallbackServerContext* context,
                                                  const v1::WatchMemberEventsRequest& request,
                                                  std::function<grpc::Status()> admit);

  // Refuses new streams and ends every open one UNAVAILABLE at its next poll, which comes at
  // once. Call before the server shuts down, so its Shutdown need not wait out the deadline.
  void Stop();

  // Streams open now.
  int open() const { return limits_.open(); }

 private:
  friend class MemberEventStream;

  const MemberEvents& events_;
  const absl::Duration poll_interval_;
  std::atomic<bool> stopping_{false};
  StreamLimits limits_;
  // Last: its threads stop before anything they use goes.
  PollScheduler scheduler_;
};

}  // namespace coalition::account
