#include "services/redemption/store/mariadb_reward_store.h"

#include "absl/strings/str_cat.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::redemption {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

constexpr char kOrderColumns[] =
    "order_id, partner_id, reward_id, member_id, quantity, points, redemption_id, order_time_us,"
    " request_fingerprint";

v1::RewardOrder OrderFromRow(sql::ResultSet& row) {
  v1::RewardOrder order;
  order.set_order_id(GetString(row, "order_id"));
  order.set_partner_id(GetString(row, "partner_id"));
  order.set_reward_id(GetString(row, "reward_id"));
  order.set_member_id(GetString(row, "member_id"));
  order.set_quantity(row.getInt("quantity"));
  order.set_points(row.getInt64("points"));
  if (!row.isNull("redemption_id")) order.set_redemption_id(GetString(row, "redemption_id"));
  *order.mutable_order_time() = MicrosToProtoTime(row.getInt64("order_time_us"));
  return order;
}

// The order this key made, if any; ALREADY_EXISTS if the key was used for another request.
absl::StatusOr<std::optional<v1::RewardOrder>> OrderByRequest(Connection& db,
                                                              const RequestKey& key) {
  sql::PreparedStatement& find = db.Prepare(absl::StrCat(
      "SELECT ", kOrderColumns, " FROM reward_orders WHERE caller = ? AND request_id = ?"));
  find.setString(1, key.caller);
  find.setString(2, key.request_id);
  auto rows = Query(find);
  if (!rows->next()) return std::nullopt;
  RETURN_IF_ERROR(CheckSameRequest(GetString(*rows, "request_fingerprint"), key));
  return OrderFromRow(*rows);
}

}  // namespace

absl::StatusOr<v1::Reward> MariaDbRewardStore::Put(const RequestKey& key, const v1::Reward& reward,
                                                   absl::Time now) {
  v1::Reward result = reward;
  RETURN_IF_ERROR(
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        sql::PreparedStatement& find = db.Prepare(
            "SELECT reward AS stored, request_fingerprint FROM reward_changes"
            " WHERE caller = ? AND request_id = ?");
        find.setString(1, key.caller);
        find.setString(2, key.request_id);
        if (auto rows = Query(find); rows->next()) {
          // Not RETURN_IF_ERROR: this lambda runs inside one, whose status_ it would shadow.
          if (absl::Status same = CheckSameRequest(GetString(*rows, "request_fingerprint"), key);
              !same.ok())
            return same;
          result.ParseFromString(GetString(*rows, "stored"));
          return absl::OkStatus();
        }
        sql::PreparedStatement& put = db.Prepare(
            "INSERT INTO rewards (partner_id, reward_id, name, points_price, stock, available)"
            " VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name),"
            " points_price = VALUES(points_price), stock = VALUES(stock),"
            " available = VALUES(available)");
        put.setString(1, reward.partner_id());
        put.setString(2, reward.reward_id());
        put.setString(3, reward.name());
        put.setInt64(4, reward.points_price());
        put.setInt64(5, reward.stock());
        put.setInt(6, reward.available() ? 1 : 0);
        put.executeUpdate();
        sql::PreparedStatement& record = db.Prepare(
            "INSERT INTO reward_changes (partner_id, reward_id, reward, caller, request_id,"
            " request_fingerprint, change_time_us) VALUES (?, ?, ?, ?, ?, ?, ?)");
        record.setString(1, reward.partner_id());
        record.setString(2, reward.reward_id());
        record.setString(3, reward.SerializeAsString());
        mariadb::BindRequestKey(record, 4, key);
        record.setInt64(7, absl::ToUnixMicros(now));
        record.executeUpdate();
        return absl::OkStatus();
      }));
  return result;
}

absl::StatusOr<std::vector<v1::Reward>> MariaDbRewardStore::List(const std::string& partner_id) {
  std::vector<v1::Reward> rewards;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& list = db.Prepare(
        "SELECT reward_id, name, points_price, stock FROM rewards"
        " WHERE partner_id = ? AND available = 1 ORDER BY reward_id LIMIT 1000");
    list.setString(1, partner_id);
    for (auto rows = Query(list); rows->next();) {
      v1::Reward& reward = rewards.emplace_back();
      reward.set_partner_id(partner_id);
      reward.set_reward_id(GetString(*rows, "reward_id"));
      reward.set_name(GetString(*rows, "name"));
      reward.set_points_price(rows->getInt64("points_price"));
      reward.set_stock(rows->getInt64("stock"));
      reward.set_available(true);
    }
    return absl::OkStatus();
  }));
  return rewards;
}

absl::StatusOr<v1::RewardOrder> MariaDbRewardStore::Reserve(const RequestKey& key,
                                                            const v1::RewardOrder& order) {
  v1::RewardOrder result;
  RETURN_IF_ERROR(
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(std::optional<v1::RewardOrder> earlier, OrderByRequest(db, key));
        if (earlier) {
          result = *std::move(earlier);
          return absl::OkStatus();
        }
        sql::PreparedStatement& lock = db.Prepare(
            "SELECT points_price, stock, available FROM rewards"
            " WHERE partner_id = ? AND reward_id = ? FOR UPDATE");
        lock.setString(1, order.partner_id());
        lock.setString(2, order.reward_id());
        auto rows = Query(lock);
        if (!rows->next()) {
          return absl::NotFoundError(absl::StrCat("reward_id: partner '", order.partner_id(),
                                                  "' has no reward '", order.reward_id(), "'"));
        }
        if (rows->getInt("available") == 0) {
          return absl::FailedPreconditionError(
              absl::StrCat("reward_id: '", order.reward_id(), "' is not available"));
        }
        const int64_t stock = rows->getInt64("stock");
        if (stock < order.quantity()) {
          return absl::FailedPreconditionError(absl::StrCat("quantity: ", order.quantity(), " of '",
                                                            order.reward_id(), "' asked for, ",
                                                            stock, " in stock"));
        }
        result = order;
        result.set_points(rows->getInt64("points_price") * order.quantity());
        sql::PreparedStatement& take = db.Prepare(
            "UPDATE rewards SET stock = stock - ? WHERE partner_id = ? AND reward_id = ?");
        take.setInt(1, order.quantity());
        take.setString(2, order.partner_id());
        take.setString(3, order.reward_id());
        take.executeUpdate();
        sql::PreparedStatement& insert = db.Prepare(
            "INSERT INTO reward_orders (order_id, caller, request_id, request_fingerprint,"
            " partner_id, reward_id, member_id, quantity, points, order_time_us)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insert.setString(1, result.order_id());
        mariadb::BindRequestKey(insert, 2, key);
        insert.setString(5, result.partner_id());
        insert.setString(6, result.reward_id());
        insert.setString(7, result.member_id());
        insert.setInt(8, result.quantity());
        insert.setInt64(9, result.points());
        insert.setInt64(10, ProtoTimeToMicros(result.order_time()));
        insert.executeUpdate();
        return absl::OkStatus();
      }));
  return result;
}

absl::Status MariaDbRewardStore::SetRedemption(const std::string& order_id,
                                               const std::string& redemption_id) {
  return pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& set =
        db.Prepare("UPDATE reward_orders SET redemption_id = ? WHERE order_id = ?");
    set.setString(1, redemption_id);
    set.setString(2, order_id);
    set.executeUpdate();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<RewardStore::UnfinishedOrder>> MariaDbRewardStore::Unfinished(
    absl::Time before, int limit) {
  std::vector<UnfinishedOrder> orders;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& find = db.Prepare(absl::StrCat(
        "SELECT ", kOrderColumns, ", caller FROM reward_orders WHERE redemption_id IS NULL",
        " AND order_time_us <= ? ORDER BY order_time_us LIMIT ?"));
    find.setInt64(1, absl::ToUnixMicros(before));
    find.setInt(2, limit);
    for (auto rows = Query(find); rows->next();) {
      orders.push_back({OrderFromRow(*rows), GetString(*rows, "caller")});
    }
    return absl::OkStatus();
  }));
  return orders;
}

absl::Status MariaDbRewardStore::Cancel(const std::string& order_id) {
  return pool_.InTransaction([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& find = db.Prepare(
        "SELECT partner_id, reward_id, quantity FROM reward_orders"
        " WHERE order_id = ? AND redemption_id IS NULL FOR UPDATE");
    find.setString(1, order_id);
    auto rows = Query(find);
    if (!rows->next()) return absl::OkStatus();
    sql::PreparedStatement& give_back =
        db.Prepare("UPDATE rewards SET stock = stock + ? WHERE partner_id = ? AND reward_id = ?");
    give_back.setInt(1, rows->getInt("quantity"));
    give_back.setString(2, GetString(*rows, "partner_id"));
    give_back.setString(3, GetString(*rows, "reward_id"));
    give_back.executeUpdate();
    sql::PreparedStatement& remove = db.Prepare("DELETE FROM reward_orders WHERE order_id = ?");
    remove.setString(1, order_id);
    remove.executeUpdate();
    return absl::OkStatus();
  });
}

}  // namespace coalition::redemption
