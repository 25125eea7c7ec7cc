// The fake of MemberEventStore (services/account/member_event_store.h): member "mbr_1" with
// three postings, one per sequence; Read returns those after the cursor and counts the reads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "services/account/member_event_store.h"

namespace coalition::account {

// Three postings, one per sequence; Read returns those after the cursor.
class ThreePostings final : public MemberEventStore {
 public:
  absl::StatusOr<EventCursor> Latest(const std::string& member_id) override {
    if (member_id != "mbr_1") return absl::NotFoundError("member_id: no member");
    return EventCursor{3, 0, 0};
  }
  absl::StatusOr<std::vector<CursoredEvent>> Read(const std::string&, const EventCursor& after,
                                                  absl::Time, int limit) override {
    ++reads;
    std::vector<CursoredEvent> events;
    for (int64_t sequence = after.sequence + 1; sequence <= 3 && limit-- > 0; ++sequence) {
      CursoredEvent& next = events.emplace_back();
      next.event.mutable_transaction()->set_sequence(sequence);
      next.after = {sequence, 0, 0};
    }
    return events;
  }
  int reads = 0;
};

}  // namespace coalition::account
