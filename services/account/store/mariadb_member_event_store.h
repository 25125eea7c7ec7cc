// MemberEventStore on MariaDB: reads the account service's own tables (entries and postings,
// tier_changes, lots); writes nothing.
#pragma once

#include "services/account/member_event_store.h"
#include "services/common/mariadb/connection_pool.h"

namespace coalition::account {

class MariaDbMemberEventStore final : public MemberEventStore {
 public:
  explicit MariaDbMemberEventStore(mariadb::ConnectionPool& pool) : pool_(pool) {}

  absl::StatusOr<EventCursor> Latest(const std::string& member_id) override;
  absl::StatusOr<std::vector<CursoredEvent>> Read(const std::string& member_id,
                                                  const EventCursor& after,
                                                  absl::Time expiring_until, int limit) override;

 private:
  mariadb::ConnectionPool& pool_;
};

}  // namespace coalition::account
