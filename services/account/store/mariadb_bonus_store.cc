#include "services/account/store/mariadb_bonus_store.h"

#include <optional>

#include "absl/time/clock.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::account {
namespace {

using mariadb::Connection;
using mariadb::Query;

constexpr char kSelect[] =
    "SELECT version, enrollment_bonus_points, referral_bonus_points, referral_min_points,"
    " create_time_us FROM bonus_programs";

v1::BonusProgram ProgramFromRow(sql::ResultSet& row) {
  v1::BonusProgram program;
  program.set_version(row.getInt64("version"));
  program.set_enrollment_bonus_points(row.getInt64("enrollment_bonus_points"));
  program.set_referral_bonus_points(row.getInt64("referral_bonus_points"));
  program.set_referral_min_points(row.getInt64("referral_min_points"));
  *program.mutable_create_time() = MicrosToProtoTime(row.getInt64("create_time_us"));
  return program;
}

v1::BonusProgram ReadCurrent(Connection& db) {
  sql::PreparedStatement& read =
      db.Prepare(std::string(kSelect) + " ORDER BY version DESC LIMIT 1");
  auto rows = Query(read);
  return rows->next() ? ProgramFromRow(*rows) : v1::BonusProgram{};
}

}  // namespace

absl::StatusOr<v1::BonusProgram> MariaDbBonusStore::Publish(const RequestKey& key,
                                                            const v1::BonusProgram& program) {
  v1::BonusProgram published;
  RETURN_IF_ERROR(
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         mariadb::EarlierRequestId(db, "bonus_programs", "version", key));
        if (!earlier) {
          sql::PreparedStatement& insert = db.Prepare(
              "INSERT INTO bonus_programs (enrollment_bonus_points, referral_bonus_points,"
              " referral_min_points, create_time_us, caller, request_id, request_fingerprint)"
              " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING version");
          insert.setInt64(1, program.enrollment_bonus_points());
          insert.setInt64(2, program.referral_bonus_points());
          insert.setInt64(3, program.referral_min_points());
          insert.setInt64(4, ProtoTimeToMicros(program.create_time()));
          mariadb::BindRequestKey(insert, 5, key);
          auto rows = Query(insert);
          rows->next();
          earlier = std::to_string(rows->getInt64("version"));
        }
        sql::PreparedStatement& read = db.Prepare(std::string(kSelect) + " WHERE version = ?");
        read.setInt64(1, std::stoll(*earlier));
        auto rows = Query(read);
        rows->next();
        published = ProgramFromRow(*rows);
        return absl::OkStatus();
      }));
  absl::MutexLock lock(&mu_);
  read_at_ = absl::InfinitePast();  // this process uses the new version at once
  return published;
}

v1::BonusProgram MariaDbBonusStore::CurrentIn(Connection& db) {
  {
    absl::MutexLock lock(&mu_);
    if (current_ != nullptr && absl::Now() - read_at_ < kCacheTime) return *current_;
  }
  auto program = std::make_shared<const v1::BonusProgram>(ReadCurrent(db));
  absl::MutexLock lock(&mu_);
  current_ = program;
  read_at_ = absl::Now();
  return *program;
}

absl::StatusOr<v1::BonusProgram> MariaDbBonusStore::Current() {
  v1::BonusProgram program;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    program = CurrentIn(db);
    return absl::OkStatus();
  }));
  return program;
}

}  // namespace coalition::account
