#include "services/account/member_events.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "services/common/status_macros.h"
#include "services/common/time_validation.h"
#include "services/common/validation.h"

namespace coalition::account {

std::string EncodeEventCursor(const EventCursor& cursor) {
  return absl::WebSafeBase64Escape(absl::StrCat("ev1:", cursor.sequence, ":", cursor.tier_change_id,
                                                ":", cursor.announced_expiry_us));
}

absl::StatusOr<EventCursor> DecodeEventCursor(absl::string_view cursor) {
  std::string text;
  const absl::Status invalid =
      absl::InvalidArgumentError("cursor: not a cursor this service gave out");
  if (!absl::WebSafeBase64Unescape(cursor, &text)) return invalid;
  const std::vector<absl::string_view> parts = absl::StrSplit(text, ':');
  EventCursor decoded;
  if (parts.size() != 4 || parts[0] != "ev1" || !absl::SimpleAtoi(parts[1], &decoded.sequence) ||
      !absl::SimpleAtoi(parts[2], &decoded.tier_change_id) ||
      !absl::SimpleAtoi(parts[3], &decoded.announced_expiry_us) || decoded.sequence < 0 ||
      decoded.tier_change_id < 0) {
    return invalid;
  }
  return decoded;
}

absl::Status MemberEvents::Watch(const v1::WatchMemberEventsRequest& request,
                                 const std::function<bool(const v1::MemberEvent&)>& write,
                                 const std::function<bool()>& cancelled) {
  RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  ASSIGN_OR_RETURN(
      const int64_t window_days,
      DurationOrDefault("expiring_within_days", request.expiring_within_days(), 30, 365));
  ASSIGN_OR_RETURN(const int64_t max_duration_s,
                   DurationOrDefault("max_duration_s", request.max_duration_s(), 600, 600));
  if (!request.cursor().empty() && request.from_now()) {
    return absl::InvalidArgumentError("from_now: give a cursor or from_now, not both");
  }
  EventCursor cursor;
  if (!request.cursor().empty()) {
    ASSIGN_OR_RETURN(cursor, DecodeEventCursor(request.cursor()));
  }
  ASSIGN_OR_RETURN(const EventCursor latest, store_.Latest(request.member_id()));
  if (request.from_now()) cursor = latest;

  // The stream's length is wall time (a connection's), the expiry window business time.
  const absl::Time deadline = absl::Now() + absl::Seconds(max_duration_s);
  while (!cancelled() && absl::Now() < deadline) {
    ASSIGN_OR_RETURN(std::vector<CursoredEvent> batch,
                     store_.Read(request.member_id(), cursor,
                                 clock_.Now() + absl::Hours(24) * window_days, kBatchEvents));
    for (CursoredEvent& next : batch) {
      next.event.set_cursor(EncodeEventCursor(next.after));
      next.event.set_member_id(request.member_id());
      if (!write(next.event)) return absl::OkStatus();  // the client went
      cursor = next.after;
    }
    if (static_cast<int>(batch.size()) < kBatchEvents) absl::SleepFor(poll_interval_);
  }
  return absl::OkStatus();
}

}  // namespace coalition::account
