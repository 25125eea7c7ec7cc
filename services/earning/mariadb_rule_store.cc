#include "services/earning/mariadb_rule_store.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/earning/earn_rules.h"

namespace coalition::earning {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

absl::StatusOr<v1::EarnRules> Parse(sql::ResultSet& row) {
  v1::EarnRules rules;
  if (!rules.ParseFromString(GetString(row, "rules"))) {
    return absl::InternalError("stored earn rules do not parse");
  }
  return rules;
}

absl::StatusOr<std::vector<v1::EarnRules>> ReadVersions(Connection& db,
                                                        const std::string& partner_id) {
  sql::PreparedStatement& read = db.Prepare(
      "SELECT rules FROM earn_rules WHERE partner_id = ? ORDER BY version DESC LIMIT 1000");
  read.setString(1, partner_id);
  std::vector<v1::EarnRules> versions;
  for (auto rows = Query(read); rows->next();) {
    ASSIGN_OR_RETURN(versions.emplace_back(), Parse(*rows));
  }
  return versions;
}

}  // namespace

absl::StatusOr<v1::EarnRules> MariaDbRuleStore::Publish(const RequestKey& key,
                                                        const v1::EarnRules& rules) {
  v1::EarnRules published;
  absl::Status status =
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        sql::PreparedStatement& find = db.Prepare(
            "SELECT rules, request_fingerprint FROM earn_rules WHERE caller = ? AND"
            " request_id = ?");
        find.setString(1, key.caller);
        find.setString(2, key.request_id);
        if (auto rows = Query(find); rows->next()) {
          if (GetString(*rows, "request_fingerprint") != key.fingerprint) {
            return RequestIdReused(key);
          }
          ASSIGN_OR_RETURN(published, Parse(*rows));
          return absl::OkStatus();
        }
        // Two publications racing take the same number; the loser's duplicate key replays it.
        sql::PreparedStatement& next = db.Prepare(
            "SELECT COALESCE(MAX(version), 0) + 1 AS next FROM earn_rules WHERE partner_id = ?");
        next.setString(1, rules.partner_id());
        auto rows = Query(next);
        rows->next();
        published = rules;
        published.set_version(rows->getInt64("next"));
        sql::PreparedStatement& insert = db.Prepare(
            "INSERT INTO earn_rules (partner_id, version, effective_from_us, rules, caller,"
            " request_id, request_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?)");
        insert.setString(1, published.partner_id());
        insert.setInt64(2, published.version());
        insert.setInt64(3, ProtoTimeToMicros(published.effective_time()));
        insert.setString(4, published.SerializeAsString());
        insert.setString(5, key.caller);
        insert.setString(6, key.request_id);
        insert.setString(7, key.fingerprint);
        insert.executeUpdate();
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  absl::MutexLock lock(&mu_);
  cache_.erase(published.partner_id());  // this process sees its own publication at once
  return published;
}

absl::StatusOr<std::vector<v1::EarnRules>> MariaDbRuleStore::List(const std::string& partner_id) {
  std::vector<v1::EarnRules> versions;
  absl::Status status = pool_.WithConnection([&](Connection& db) -> absl::Status {
    ASSIGN_OR_RETURN(versions, ReadVersions(db, partner_id));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return versions;
}

absl::StatusOr<std::optional<v1::EarnRules>> MariaDbRuleStore::InForce(
    const std::string& partner_id, absl::Time time) {
  std::shared_ptr<const std::vector<v1::EarnRules>> versions;
  {
    absl::MutexLock lock(&mu_);
    auto cached = cache_.find(partner_id);
    if (cached != cache_.end() && absl::Now() - cached->second.read_at < kCacheTime) {
      versions = cached->second.versions;
    }
  }
  if (versions == nullptr) {
    ASSIGN_OR_RETURN(std::vector<v1::EarnRules> read, List(partner_id));
    versions = std::make_shared<const std::vector<v1::EarnRules>>(std::move(read));
    absl::MutexLock lock(&mu_);
    if (cache_.size() >= kMaxCachedPartners) cache_.clear();
    cache_[partner_id] = {versions, absl::Now()};
  }
  return RulesInForce(*versions, time);
}

}  // namespace coalition::earning
