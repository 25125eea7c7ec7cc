// Storage behind WatchMemberEvents: a member's events read from the ledger's own postings, the
// tier history and the member's lots, after a cursor. Nothing is stored for events: they are
// derived from what is already append-only, which is why none is lost across restarts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "coalition/account/v1/account.pb.h"

namespace coalition::account {

// Where a watcher is: the last posting and tier change it was sent, and the latest expiry date it
// was told about.
struct EventCursor {
  int64_t sequence = 0;
  int64_t tier_change_id = 0;
  int64_t announced_expiry_us = 0;

  friend bool operator==(const EventCursor&, const EventCursor&) = default;
};

// An event and the cursor that resumes after it.
struct CursoredEvent {
  v1::MemberEvent event;
  EventCursor after;
};

class MemberEventStore {
 public:
  virtual ~MemberEventStore() = default;

  // The cursor after everything that has happened to the member so far (expiry dates not
  // announced yet). NOT_FOUND for an unknown member.
  virtual absl::StatusOr<EventCursor> Latest(const std::string& member_id) = 0;

  // Up to `limit` events after `after`: postings on the member's own account in sequence order,
  // then tier changes in order, then points that expire later than the last announced date and
  // by `expiring_until`, one event per date. A member's postings take sequence numbers under its
  // row lock, so a later one never commits before an earlier one: reading after a sequence skips
  // nothing.
  virtual absl::StatusOr<std::vector<CursoredEvent>> Read(const std::string& member_id,
                                                          const EventCursor& after,
                                                          absl::Time expiring_until, int limit) = 0;
};

}  // namespace coalition::account
