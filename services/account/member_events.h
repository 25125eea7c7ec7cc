// WatchMemberEvents' logic: validates the request, resumes from the client's cursor and reads
// the events after it, one batch at a time. Knows nothing of gRPC or of waiting: the stream
// (member_event_stream.h) decides when to read the next batch.
//
//   MemberEvents events(store, clock);
//   ASSIGN_OR_RETURN(MemberWatch watch, events.Open(request));
//   ASSIGN_OR_RETURN(std::vector<v1::MemberEvent> batch, events.Next(watch));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "coalition/account/v1/account.pb.h"
#include "services/account/member_event_store.h"
#include "services/common/clock.h"

namespace coalition::account {

// Where one open watch is, and until when it runs.
struct MemberWatch {
  std::string member_id;
  EventCursor cursor;  // after the last event read
  int window_days = 30;
  // The stream's length is wall time (a connection's), the expiry window business time.
  absl::Time ends;
};

class MemberEvents {
 public:
  static constexpr int kBatchEvents = 100;

  MemberEvents(MemberEventStore& store, const Clock& clock) : store_(store), clock_(clock) {}

  // The watch a request asks for, ending `max_duration_s` after `now`. INVALID_ARGUMENT or
  // NOT_FOUND, before any event.
  absl::StatusOr<MemberWatch> Open(const v1::WatchMemberEventsRequest& request,
                                   absl::Time now) const;

  // Up to kBatchEvents events after the watch's cursor, each with the cursor that resumes after
  // it; the watch moves past them. Fewer than kBatchEvents: there are no more for now.
  absl::StatusOr<std::vector<v1::MemberEvent>> Next(MemberWatch& watch) const;

 private:
  MemberEventStore& store_;
  const Clock& clock_;
};

// The opaque cursor a client keeps, and back (INVALID_ARGUMENT for one we did not give out).
std::string EncodeEventCursor(const EventCursor& cursor);
absl::StatusOr<EventCursor> DecodeEventCursor(absl::string_view cursor);

}  // namespace coalition::account
