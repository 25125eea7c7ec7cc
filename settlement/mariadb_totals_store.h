// TotalsStore on MariaDB (schema: migrations/0001_create_totals.sql).
#pragma once

#include "services/common/mariadb/connection_pool.h"
#include "settlement/totals_store.h"

namespace coalition::settlement {

class MariaDbTotalsStore final : public TotalsStore {
 public:
  explicit MariaDbTotalsStore(mariadb::ConnectionPool& pool) : pool_(pool) {}

  absl::StatusOr<int64_t> Cursor() override;
  absl::Status Apply(int64_t from, int64_t to, const std::vector<DayDelta>& deltas) override;
  absl::StatusOr<std::vector<PartnerTotals>> Totals(
      absl::CivilDay start, absl::CivilDay end,
      const std::optional<std::string>& partner_id) override;

 private:
  mariadb::ConnectionPool& pool_;
};

}  // namespace coalition::settlement
