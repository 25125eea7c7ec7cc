#include "services/account/member_events.h"

#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/page_token.h"
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

absl::StatusOr<MemberWatch> MemberEvents::Open(const v1::WatchMemberEventsRequest& request,
                                               absl::Time now) const {
  RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  MemberWatch watch;
  watch.member_id = request.member_id();
  ASSIGN_OR_RETURN(
      const int64_t window_days,
      DurationOrDefault("expiring_within_days", request.expiring_within_days(), 30, 365));
  watch.window_days = static_cast<int>(window_days);  // at most 365
  ASSIGN_OR_RETURN(const int64_t max_duration_s,
                   DurationOrDefault("max_duration_s", request.max_duration_s(), 600, 600));
  watch.ends = now + absl::Seconds(max_duration_s);
  if (!request.cursor().empty() && request.from_now()) {
    return absl::InvalidArgumentError("from_now: give a cursor or from_now, not both");
  }
  if (!request.cursor().empty()) {
    ASSIGN_OR_RETURN(watch.cursor, DecodeEventCursor(request.cursor()));
  }
  ASSIGN_OR_RETURN(const EventCursor latest, store_.Latest(request.member_id()));
  if (request.from_now()) watch.cursor = latest;
  return watch;
}

absl::StatusOr<std::vector<v1::MemberEvent>> MemberEvents::Next(MemberWatch& watch) const {
  ASSIGN_OR_RETURN(std::vector<CursoredEvent> batch,
                   store_.Read(watch.member_id, watch.cursor,
                               clock_.Now() + absl::Hours(24) * watch.window_days, kBatchEvents));
  std::vector<v1::MemberEvent> events;
  events.reserve(batch.size());
  for (CursoredEvent& next : batch) {
    next.event.set_cursor(EncodeEventCursor(next.after));
    next.event.set_member_id(watch.member_id);
    events.push_back(std::move(next.event));
    watch.cursor = next.after;
  }
  return events;
}

}  // namespace coalition::account
