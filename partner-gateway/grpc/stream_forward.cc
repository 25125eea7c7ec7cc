// Server-streaming calls through the gateway (WatchMemberEvents): the request is admitted like a
// unary one, then each message the service streams is written on to the client, one at a time,
// so a slow client slows its own upstream read and nothing piles up in the gateway.
#include <optional>
#include <utility>

#include "grpcpp/support/client_callback.h"
#include "partner-gateway/grpc/bad_request.h"
#include "partner-gateway/grpc/forward_call.h"

namespace coalition::gateway {
namespace {

// A stream may run for the service's longest (WatchMemberEvents: 600 s); this is when the client
// set no deadline of its own.
constexpr absl::Duration kStreamDeadline = absl::Minutes(11);

// Upstream, a hold keeps the call open until its last read has failed, so there is always a
// read to start after each write, and the service's end (OnDone) comes with no write pending.
class StreamForward final : public ForwardCall {
 public:
  StreamForward(grpc::GenericCallbackServerContext* context, GatewayProxy& gateway)
      : ForwardCall(context, gateway), upstream_reactor_(*this) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "request: no message"));
      return;
    }
    absl::StatusOr<Backend> backend = Admit(kStreamDeadline);
    // The gateway's own services have no streaming methods; this is never one of theirs.
    if (backend.ok() && *backend == Backend::kGateway) {
      backend = absl::UnimplementedError("the gateway streams none of its own methods");
    }
    if (!backend.ok()) {
      Finish(WithBadRequestDetails(ToGrpc(backend.status())));
      return;
    }
    // An identity's excess streams stop here, before they hold anything in a service.
    absl::StatusOr<StreamSlot> slot = gateway_.streams().Acquire(who_->caller);
    if (!slot.ok()) {
      Finish(ToGrpc(slot.status()));
      return;
    }
    slot_.emplace(*std::move(slot));
    gateway_.stub(*backend).PrepareBidiStreamingCall(&upstream_, context_->method(), {},
                                                     &upstream_reactor_);
    upstream_reactor_.Start(&request_);
  }

  void OnWriteDone(bool ok) override {
    if (!ok) upstream_.TryCancel();  // the client is gone: the next read fails and ends it
    upstream_reactor_.ReadNext();
  }

  // Cancelling an upstream call not started yet (or never) is harmless.
  void OnCancel() override { upstream_.TryCancel(); }
  void OnDone() override { delete this; }

 private:
  class Upstream final : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
   public:
    explicit Upstream(StreamForward& call) : call_(call) {}

    void Start(const grpc::ByteBuffer* request) {
      AddHold();
      StartWriteLast(request, grpc::WriteOptions());
      StartRead(&message_);
      StartCall();
    }
    void ReadNext() { StartRead(&message_); }

    void OnReadDone(bool ok) override {
      if (ok) {
        call_.StartWrite(&message_);
      } else {
        RemoveHold();  // the stream ended or was cancelled: OnDone follows
      }
    }
    void OnDone(const grpc::Status& status) override {
      call_.Finish(WithBadRequestDetails(status));
    }

   private:
    StreamForward& call_;
    grpc::ByteBuffer message_;
  };

  Upstream upstream_reactor_;
  std::optional<StreamSlot> slot_;  // held until the call is done
};

}  // namespace

grpc::ServerGenericBidiReactor* NewStreamForward(grpc::GenericCallbackServerContext* context,
                                                 GatewayProxy& gateway) {
  return new StreamForward(context, gateway);
}

}  // namespace coalition::gateway
