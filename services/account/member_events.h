// WatchMemberEvents' logic: validates the request, resumes from the client's cursor and polls the
// store for new events until the client goes or the stream's time is up. Knows nothing of gRPC:
// the handler passes a writer and a cancellation check.
//
//   MemberEvents events(store, clock, /*poll_interval=*/absl::Milliseconds(200));
//   RETURN_IF_ERROR(events.Watch(request, write, cancelled));
#pragma once

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "coalition/account/v1/account.pb.h"
#include "services/account/member_event_store.h"
#include "services/common/clock.h"

namespace coalition::account {

class MemberEvents {
 public:
  static constexpr int kBatchEvents = 100;

  MemberEvents(MemberEventStore& store, const Clock& clock, absl::Duration poll_interval)
      : store_(store), clock_(clock), poll_interval_(poll_interval) {}

  // Writes events until `write` returns false (the client went), `cancelled` returns true, or
  // the request's max duration passes. INVALID_ARGUMENT or NOT_FOUND before any event.
  absl::Status Watch(const v1::WatchMemberEventsRequest& request,
                     const std::function<bool(const v1::MemberEvent&)>& write,
                     const std::function<bool()>& cancelled);

 private:
  MemberEventStore& store_;
  const Clock& clock_;
  const absl::Duration poll_interval_;
};

// The opaque cursor a client keeps, and back (INVALID_ARGUMENT for one we did not give out).
std::string EncodeEventCursor(const EventCursor& cursor);
absl::StatusOr<EventCursor> DecodeEventCursor(absl::string_view cursor);

}  // namespace coalition::account
