// Parts of a server on gRPC's asynchronous API: Serve gives them a completion queue of the
// server's and drains it on one thread of its own, calling Done on each tag, which points to an
// AsyncEvent.
//
// Not the callback API: with WatchMemberEvents on gRPC 1.51's callback API beside the
// synchronous methods, every call the account service took could wait ~80 ms once a second, each
// time while gRPC's "nexting" threads (which run callback work when gRPC has no background poller)
// slept in their 100 ms pause after an idle second. On this API the stall is gone (measured:
// docs/PERFORMANCE.md, "The once-a-second stall"). The mechanism inside gRPC is not pinned down:
// the nexting threads remain, for gRPC's own health service.
//
//   class Stream : public AsyncEvent { void Done(bool ok) override { ... } };
//   service.RequestWatchMemberEvents(&context, &request, &writer, &queue, &queue, &stream);
#pragma once

#include "grpcpp/server_builder.h"

namespace coalition {

class AsyncEvent {
 public:
  // On Serve's queue thread, once the operation given this tag completed (`ok`: it succeeded).
  virtual void Done(bool ok) = 0;

 protected:
  ~AsyncEvent() = default;
};

// An AsyncEvent calling a member function: for objects with several operations under way.
template <typename T>
class AsyncEventOf final : public AsyncEvent {
 public:
  AsyncEventOf(T* owner, void (T::*on_done)(bool)) : owner_(owner), on_done_(on_done) {}
  void Done(bool ok) override { (owner_->*on_done_)(ok); }

 private:
  T* const owner_;
  void (T::*const on_done_)(bool);
};

class AsyncServing {
 public:
  virtual ~AsyncServing() = default;
  // Once the server runs: start taking calls from `queue`.
  virtual void StartServing(grpc::ServerCompletionQueue& queue) = 0;
  // After the server has shut down, while the queue still delivers: returns once nothing of
  // this part is left to complete, so no operation will be started on the queue again.
  virtual void WaitUntilQuiet() = 0;
};

}  // namespace coalition
