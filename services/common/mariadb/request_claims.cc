#include "services/common/mariadb/request_claims.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "cppconn/exception.h"
#include "services/common/ids.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/mariadb/multi_row.h"
#include "services/common/mariadb/sql_error.h"
#include "services/common/status_macros.h"

namespace coalition::mariadb {
namespace {

// The claim row of a key, as a copy finds it.
struct ClaimRow {
  std::string fingerprint;
  std::optional<absl::Status> answer;  // set once answered: OK or the refusal
  std::string response;                // a success's bytes (empty when its rows are the answer)
  bool lapsed = false;                 // unanswered and its runner's lease is over
};

std::optional<ClaimRow> ReadClaim(Connection& db, const RequestKey& key) {
  sql::PreparedStatement& read = db.Prepare(
      "SELECT request_fingerprint, answer_code, answer_message, response,"
      " lease_until < NOW(6) AS lapsed FROM request_claims WHERE caller = ? AND request_id = ?");
  read.setString(1, key.caller);
  read.setString(2, key.request_id);
  auto rows = Query(read);
  if (!rows->next()) return std::nullopt;
  ClaimRow claim;
  claim.fingerprint = GetString(*rows, "request_fingerprint");
  if (!rows->isNull("answer_code")) {
    claim.answer = absl::Status(static_cast<absl::StatusCode>(rows->getInt("answer_code")),
                                GetString(*rows, "answer_message"));
    if (!rows->isNull("response")) claim.response = GetString(*rows, "response");
  }
  claim.lapsed = !rows->isNull("lapsed") && rows->getBoolean("lapsed");
  return claim;
}

// Inserts the claim row; false if the key has one already (committed: a copy's uncommitted
// insert makes this one wait until it commits or rolls back).
bool InsertClaim(Connection& db, const RequestKey& key, const std::string& runner,
                 absl::Duration lease, const absl::Status* answer) {
  sql::PreparedStatement& insert = db.Prepare(
      "INSERT INTO request_claims (caller, request_id, request_fingerprint, runner, lease_until,"
      " answer_code, answer_message) VALUES (?, ?, ?, NULLIF(?, ''),"
      " NOW(6) + INTERVAL ? MICROSECOND, ?, ?)");
  BindRequestKey(insert, 1, key);
  insert.setString(4, runner);
  insert.setInt64(5, absl::ToInt64Microseconds(lease));
  if (answer == nullptr) {
    insert.setNull(6, sql::DataType::INTEGER);
    insert.setNull(7, sql::DataType::VARCHAR);
  } else {
    insert.setInt(6, static_cast<int>(answer->code()));
    insert.setString(7, std::string(answer->message()));
  }
  try {
    insert.executeUpdate();
    return true;
  } catch (const sql::SQLException& e) {
    if (IsDuplicateKey(e)) return false;  // only the statement is undone, not the transaction
    throw;
  }
}

// The answer recorded under a key that is claimed already: ALREADY_EXISTS for another request's
// key, `replay` for a success whose rows are its answer.
absl::Status RecordedAnswer(Connection& db, const RequestKey& key, const ClaimRow& claim,
                            const std::function<absl::Status(Connection&)>& replay) {
  RETURN_IF_ERROR(CheckSameRequest(claim.fingerprint, key));
  if (!claim.answer) return absl::AbortedError("the claim is not answered");  // not here
  if (!claim.answer->ok()) return *claim.answer;
  return replay(db);
}

// A batch's keys in (caller, request_id) order, as positions in `keys`: claimed in that order,
// two batches with overlapping keys wait for each other instead of deadlocking. And the position
// of each key, to place the rows a statement returns.
struct KeyOrder {
  std::vector<size_t> order;
  absl::flat_hash_map<std::pair<std::string, std::string>, size_t> index_of;
};

KeyOrder OrderKeys(std::span<const RequestKey> keys) {
  KeyOrder ordered;
  ordered.order.resize(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) ordered.order[i] = i;
  std::sort(ordered.order.begin(), ordered.order.end(), [&](size_t a, size_t b) {
    return std::tie(keys[a].caller, keys[a].request_id) <
           std::tie(keys[b].caller, keys[b].request_id);
  });
  for (size_t i = 0; i < keys.size(); ++i) {
    ordered.index_of[{keys[i].caller, keys[i].request_id}] = i;
  }
  return ordered;
}

}  // namespace

absl::StatusOr<RequestClaims::Claim> MariaDbRequestClaims::Acquire(const RequestKey& key) {
  const std::string runner = NewId("run").substr(4);
  const absl::Time give_up = absl::Now() + max_wait_;
  absl::Duration pause = absl::Milliseconds(1);
  while (true) {
    std::optional<Claim> claim;
    RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
      if (InsertClaim(db, key, runner, lease_, nullptr)) {
        claim = Claim{runner, absl::OkStatus(), ""};
        return absl::OkStatus();
      }
      std::optional<ClaimRow> row = ReadClaim(db, key);
      if (!row) return absl::OkStatus();  // released meanwhile: claim it on the next round
      // Not RETURN_IF_ERROR: this lambda runs inside one, whose status_ it would shadow.
      if (absl::Status same = CheckSameRequest(row->fingerprint, key); !same.ok()) return same;
      if (row->answer) {
        claim = Claim{"", *row->answer, row->response};
        return absl::OkStatus();
      }
      if (row->lapsed) {
        // Its runner died, or stalled past its lease: this attempt runs the request again.
        sql::PreparedStatement& take = db.Prepare(
            "UPDATE request_claims SET runner = ?, lease_until = NOW(6) + INTERVAL ? MICROSECOND"
            " WHERE caller = ? AND request_id = ? AND answer_code IS NULL"
            " AND lease_until < NOW(6)");
        take.setString(1, runner);
        take.setInt64(2, absl::ToInt64Microseconds(lease_));
        take.setString(3, key.caller);
        take.setString(4, key.request_id);
        if (take.executeUpdate() == 1) claim = Claim{runner, absl::OkStatus(), "", true};
      }
      return absl::OkStatus();
    }));
    if (claim) return *std::move(claim);
    if (absl::Now() >= give_up) {
      return absl::AbortedError(absl::StrCat("request_id: '", key.request_id,
                                             "' is still being run by an earlier attempt; retry"));
    }
    absl::SleepFor(pause);
    pause = std::min(pause * 2, absl::Milliseconds(50));
  }
}

absl::StatusOr<bool> MariaDbRequestClaims::Record(const RequestKey& key, const std::string& runner,
                                                  const absl::Status& refusal,
                                                  const std::string& response) {
  bool recorded = false;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& record = db.Prepare(
        "UPDATE request_claims SET answer_code = ?, answer_message = ?, response = ?,"
        " runner = NULL WHERE caller = ? AND request_id = ? AND runner = ?"
        " AND answer_code IS NULL");
    record.setInt(1, static_cast<int>(refusal.code()));
    record.setString(2, std::string(refusal.message()));
    record.setString(3, response);
    record.setString(4, key.caller);
    record.setString(5, key.request_id);
    record.setString(6, runner);
    recorded = record.executeUpdate() == 1;
    return absl::OkStatus();
  }));
  return recorded;
}

// Runs `change` on the key's claim while `runner` holds it unanswered; a claim taken over or
// answered meanwhile is left alone.
absl::Status ChangeOwnClaim(ConnectionPool& pool, const RequestKey& key, const std::string& runner,
                            const std::string& change) {
  return pool.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& statement = db.Prepare(absl::StrCat(
        change, " WHERE caller = ? AND request_id = ? AND runner = ?", " AND answer_code IS NULL"));
    statement.setString(1, key.caller);
    statement.setString(2, key.request_id);
    statement.setString(3, runner);
    statement.executeUpdate();
    return absl::OkStatus();
  });
}

absl::Status MariaDbRequestClaims::Release(const RequestKey& key, const std::string& runner) {
  return ChangeOwnClaim(pool_, key, runner, "DELETE FROM request_claims");
}

absl::Status MariaDbRequestClaims::Abandon(const RequestKey& key, const std::string& runner) {
  return ChangeOwnClaim(
      pool_, key, runner,
      "UPDATE request_claims SET runner = NULL, lease_until = NOW(6) - INTERVAL 1 MICROSECOND");
}

absl::StatusOr<std::vector<std::optional<RequestClaims::Claim>>> MariaDbRequestClaims::AcquireAll(
    std::span<const RequestKey> keys) {
  const std::string runner = NewId("run").substr(4);
  const KeyOrder ordered = OrderKeys(keys);
  const std::vector<size_t>& order = ordered.order;
  const auto& index_of = ordered.index_of;
  std::vector<std::optional<Claim>> claims(keys.size());
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    // Autocommit, as Acquire's insert: a copy arriving meanwhile sees the claims and waits.
    ForEachChunk(order.size(), [&](size_t first, size_t count) {
      sql::PreparedStatement& insert = db.Prepare(absl::StrCat(
          "INSERT IGNORE INTO request_claims (caller, request_id, request_fingerprint, runner,"
          " lease_until) VALUES ",
          RepeatRow("(?, ?, ?, ?, NOW(6) + INTERVAL ? MICROSECOND)", count),
          " RETURNING caller, request_id"));
      for (unsigned int i = 0; i < count; ++i) {
        BindRequestKey(insert, 5 * i + 1, keys[order[first + i]]);
        insert.setString(5 * i + 4, runner);
        insert.setInt64(5 * i + 5, absl::ToInt64Microseconds(lease_));
      }
      for (auto rows = Query(insert); rows->next();) {
        claims[index_of.at({GetString(*rows, "caller"), GetString(*rows, "request_id")})] =
            Claim{runner, absl::OkStatus(), ""};
      }
    });
    std::vector<size_t> others;
    for (size_t i = 0; i < keys.size(); ++i) {
      if (!claims[i]) others.push_back(i);
    }
    // The others' rows: only an answer to this very request is given here.
    ForEachChunk(others.size(), [&](size_t first, size_t count) {
      sql::PreparedStatement& read = db.Prepare(absl::StrCat(
          "SELECT caller, request_id, request_fingerprint, answer_code, answer_message, response"
          " FROM request_claims WHERE answer_code IS NOT NULL AND (caller, request_id) IN (",
          RepeatRow("(?, ?)", count), ")"));
      for (unsigned int i = 0; i < count; ++i) {
        read.setString(2 * i + 1, keys[others[first + i]].caller);
        read.setString(2 * i + 2, keys[others[first + i]].request_id);
      }
      for (auto rows = Query(read); rows->next();) {
        const size_t i = index_of.at({GetString(*rows, "caller"), GetString(*rows, "request_id")});
        if (!CheckSameRequest(GetString(*rows, "request_fingerprint"), keys[i]).ok()) continue;
        Claim& claim = claims[i].emplace();
        claim.refusal = absl::Status(static_cast<absl::StatusCode>(rows->getInt("answer_code")),
                                     GetString(*rows, "answer_message"));
        if (!rows->isNull("response")) claim.response = GetString(*rows, "response");
      }
    });
    return absl::OkStatus();
  }));
  return claims;
}

absl::StatusOr<std::vector<bool>> MariaDbRequestClaims::RecordAll(std::span<const Answer> answers) {
  std::vector<bool> recorded(answers.size(), true);
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    ForEachChunk(answers.size(), [&](size_t first, size_t count) {
      // One CASE per column picks each row's value; the IN list keeps Record's condition.
      std::string when;
      for (size_t i = 0; i < count; ++i) when += " WHEN caller = ? AND request_id = ? THEN ?";
      sql::PreparedStatement& record = db.Prepare(absl::StrCat(
          "UPDATE request_claims SET answer_code = CASE", when, " END, answer_message = CASE", when,
          " END, response = CASE", when,
          " END, runner = NULL WHERE answer_code IS NULL AND (caller, request_id, runner) IN (",
          RepeatRow("(?, ?, ?)", count), ")"));
      unsigned int at = 1;
      const auto bind_when = [&](const auto& value) {
        for (size_t i = first; i < first + count; ++i) {
          record.setString(at++, answers[i].key.caller);
          record.setString(at++, answers[i].key.request_id);
          value(answers[i]);
        }
      };
      bind_when([&](const Answer& a) { record.setInt(at++, static_cast<int>(a.refusal.code())); });
      bind_when([&](const Answer& a) { record.setString(at++, std::string(a.refusal.message())); });
      bind_when([&](const Answer& a) { record.setString(at++, a.response); });
      for (size_t i = first; i < first + count; ++i) {
        record.setString(at++, answers[i].key.caller);
        record.setString(at++, answers[i].key.request_id);
        record.setString(at++, answers[i].runner);
      }
      if (record.executeUpdate() == static_cast<int>(count)) return;
      // Some claim was taken over (its runner ran past the lease): which ones, read back. A row
      // holding this very answer counts as recorded, whoever wrote it.
      for (size_t i = first; i < first + count; ++i) {
        std::optional<ClaimRow> row = ReadClaim(db, answers[i].key);
        recorded[i] = row && row->answer && *row->answer == answers[i].refusal &&
                      row->response == answers[i].response;
      }
    });
    return absl::OkStatus();
  }));
  return recorded;
}

absl::Status InClaimedTransaction(ConnectionPool& pool, const RequestKey& key,
                                  const std::function<absl::Status(Connection&)>& replay,
                                  const std::function<absl::Status(Connection&)>& work) {
  // The claim commits with the work's rows, answered OK: those rows are the answer. Anything
  // else rolls the claim back with the work.
  const absl::Status committed = absl::OkStatus();
  return pool.InTransaction([&](Connection& db) -> absl::Status {
    try {
      if (!InsertClaim(db, key, "", absl::ZeroDuration(), &committed)) {
        std::optional<ClaimRow> row = ReadClaim(db, key);
        if (!row) return absl::AbortedError("a claim vanished");  // cannot: claims are kept
        return RecordedAnswer(db, key, *row, replay);
      }
      return work(db);
    } catch (const sql::SQLException& e) {
      if (IsDuplicateKey(e)) {
        return absl::AlreadyExistsError("a row of this key exists without its claim");
      }
      throw;
    }
  });
}

std::vector<std::optional<absl::Status>> ClaimAllIn(Connection& db,
                                                    std::span<const RequestKey> keys) {
  const KeyOrder ordered = OrderKeys(keys);
  const std::vector<size_t>& order = ordered.order;
  const auto& index_of = ordered.index_of;
  std::vector<bool> claimed(keys.size(), false);
  // IGNORE skips a key claimed already; RETURNING names the rows inserted, so the keys this
  // transaction claimed.
  ForEachChunk(order.size(), [&](size_t first, size_t count) {
    sql::PreparedStatement& insert = db.Prepare(absl::StrCat(
        "INSERT IGNORE INTO request_claims (caller, request_id, request_fingerprint, runner,"
        " lease_until, answer_code) VALUES ",
        RepeatRow("(?, ?, ?, NULL, NOW(6), 0)", count), " RETURNING caller, request_id"));
    for (unsigned int i = 0; i < count; ++i) {
      BindRequestKey(insert, 3 * i + 1, keys[order[first + i]]);
    }
    for (auto rows = Query(insert); rows->next();) {
      claimed[index_of.at({GetString(*rows, "caller"), GetString(*rows, "request_id")})] = true;
    }
  });
  std::vector<std::optional<absl::Status>> answers(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (claimed[i]) continue;
    std::optional<ClaimRow> row = ReadClaim(db, keys[i]);
    if (!row) {  // cannot: claims are kept, and the insert waited for any uncommitted one
      answers[i] = absl::AbortedError("a claim vanished");
      continue;
    }
    answers[i] = RecordedAnswer(db, keys[i], *row, [](Connection&) { return absl::OkStatus(); });
  }
  return answers;
}

void ReleaseClaimsIn(Connection& db, std::span<const RequestKey> keys) {
  ForEachChunk(keys.size(), [&](size_t first, size_t count) {
    sql::PreparedStatement& remove =
        db.Prepare(absl::StrCat("DELETE FROM request_claims WHERE (caller, request_id) IN (",
                                RepeatRow("(?, ?)", count), ")"));
    for (unsigned int i = 0; i < count; ++i) {
      remove.setString(2 * i + 1, keys[first + i].caller);
      remove.setString(2 * i + 2, keys[first + i].request_id);
    }
    remove.executeUpdate();
  });
}

absl::Status InClaimedTransactionAfterEarlier(
    ConnectionPool& pool, const RequestKey& key,
    const std::function<absl::StatusOr<bool>(Connection&)>& earlier,
    const std::function<absl::Status(Connection&)>& work) {
  return InClaimedTransaction(
      pool, key,
      [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(const bool found, earlier(db));
        return found ? absl::OkStatus() : absl::InternalError("a claimed request's rows vanished");
      },
      [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(const bool found, earlier(db));
        return found ? absl::OkStatus() : work(db);
      });
}

}  // namespace coalition::mariadb
