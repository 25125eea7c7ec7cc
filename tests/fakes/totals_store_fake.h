// An in-memory TotalsStore with the MariaDB store's rules (settlement/totals_store.h): the cursor
// moved only from where the caller read it, facts summed by day and by the period that takes
// them (PeriodTaking), periods closing in order, a report kept once. Fails the call a FaultPlan
// chooses, before or after its write. Single-threaded.
//
//   FakeTotalsStore store(PeriodCalendar::Monthly());
//   LedgerFollower follower(accounts, store, terms);
//   EXPECT_EQ(store.reports_kept(), 1);
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"
#include "settlement/period_calendar.h"
#include "settlement/totals_store.h"
#include "tests/fakes/fault_plan.h"

namespace coalition::testing {

class FakeTotalsStore final : public settlement::TotalsStore {
 public:
  using DayFact = settlement::DayFact;
  using PeriodFact = settlement::PeriodFact;

  explicit FakeTotalsStore(settlement::PeriodCalendar calendar, FaultPlan* faults = nullptr)
      : calendar_(calendar), faults_(faults) {}

  // What a test compares: everything the store holds.
  struct Sums {
    int64_t points = 0;
    int64_t postings = 0;
    friend bool operator==(const Sums&, const Sums&) = default;
  };
  using DayKey = std::tuple<absl::CivilDay, std::string, int, int64_t>;
  using PeriodKey = std::tuple<absl::CivilDay, std::string, int, int64_t, bool>;
  int64_t cursor() const { return cursor_; }
  const std::map<DayKey, Sums>& day_facts() const { return day_facts_; }
  const std::map<PeriodKey, Sums>& period_totals() const { return period_totals_; }
  const std::map<absl::CivilDay, settlement::v1::Period>& periods() const { return periods_; }
  // How many reports were written: a period closes once.
  int reports_kept() const { return reports_kept_; }

  absl::StatusOr<int64_t> Cursor() override {
    if (absl::Status fault = Before("Cursor"); !fault.ok()) return fault;
    if (absl::Status fault = After("Cursor"); !fault.ok()) return fault;
    return cursor_;
  }

  absl::Status Apply(int64_t from, int64_t to, const std::vector<DayFact>& facts) override {
    if (absl::Status fault = Before("Apply"); !fault.ok()) return fault;
    if (cursor_ != from) {
      return absl::FailedPreconditionError(
          absl::StrCat("ledger cursor is at ", cursor_, ", not ", from));
    }
    const std::optional<absl::CivilDay> frontier = Frontier();
    for (const DayFact& fact : facts) {
      Sums& day = day_facts_[{fact.day, fact.partner_id, fact.kind, fact.terms_version}];
      day.points += fact.points;
      day.postings += fact.postings;
      const settlement::TakingPeriod period =
          settlement::PeriodTaking(calendar_.StartOf(fact.day), frontier);
      EnsurePeriod(period.start);
      Sums& total = period_totals_[{period.start, fact.partner_id, fact.kind, fact.terms_version,
                                    period.late}];
      total.points += fact.points;
      total.postings += fact.postings;
    }
    cursor_ = to;
    return After("Apply");
  }

  absl::StatusOr<settlement::v1::Period> BeginClose(absl::CivilDay start,
                                                    absl::CivilDay end) override {
    if (absl::Status fault = Before("BeginClose"); !fault.ok()) return fault;
    auto period = periods_.find(start);
    if (period == periods_.end() || period->second.state() == settlement::v1::Period::OPEN) {
      if (const auto frontier = Frontier(); frontier && start < *frontier) {
        return absl::FailedPreconditionError("period_start: periods close in order");
      }
      for (const auto& [other_start, other] : periods_) {
        if (other_start < start && other.state() == settlement::v1::Period::OPEN) {
          return absl::FailedPreconditionError("period_start: an earlier period is still open");
        }
      }
    }
    if (period == periods_.end()) {
      settlement::v1::Period made;
      made.set_period_start(absl::FormatCivilTime(start));
      made.set_period_end(absl::FormatCivilTime(end));
      period = periods_.emplace(start, made).first;
    }
    if (period->second.state() != settlement::v1::Period::CLOSING &&
        period->second.state() != settlement::v1::Period::CLOSED) {
      period->second.set_state(settlement::v1::Period::CLOSING);
      period->second.set_closed_at_sequence(cursor_);
    }
    if (absl::Status fault = After("BeginClose"); !fault.ok()) return fault;
    return period->second;
  }

  absl::StatusOr<std::vector<PeriodLine>> PeriodTotals(absl::CivilDay start) override {
    if (absl::Status fault = Before("PeriodTotals"); !fault.ok()) return fault;
    std::vector<PeriodLine> lines;
    for (const auto& [key, sums] : period_totals_) {
      const auto& [period, partner_id, kind, version, late] = key;
      if (period != start) continue;
      lines.push_back({PeriodFact{partner_id, static_cast<settlement::v1::FactKind>(kind), version,
                                  period, sums.points, sums.postings},
                       late});
    }
    if (absl::Status fault = After("PeriodTotals"); !fault.ok()) return fault;
    return lines;
  }

  absl::StatusOr<settlement::v1::Period> FinishClose(absl::CivilDay start,
                                                     const settlement::v1::PeriodReport& report,
                                                     absl::Time now) override {
    if (absl::Status fault = Before("FinishClose"); !fault.ok()) return fault;
    const auto period = periods_.find(start);
    if (period == periods_.end()) {
      return absl::FailedPreconditionError("the period's close has not begun");
    }
    if (period->second.state() == settlement::v1::Period::CLOSING) {
      reports_[start] = report;
      ++reports_kept_;
      period->second.set_state(settlement::v1::Period::CLOSED);
      *period->second.mutable_close_time() = ToProtoTime(now);
    }
    if (absl::Status fault = After("FinishClose"); !fault.ok()) return fault;
    return period->second;
  }

  absl::StatusOr<std::optional<settlement::v1::PeriodReport>> Report(
      absl::CivilDay start) override {
    if (absl::Status fault = Before("Report"); !fault.ok()) return fault;
    const auto report = reports_.find(start);
    if (absl::Status fault = After("Report"); !fault.ok()) return fault;
    if (report == reports_.end()) return std::optional<settlement::v1::PeriodReport>();
    return std::optional<settlement::v1::PeriodReport>(report->second);
  }

  absl::StatusOr<std::vector<settlement::v1::Period>> Periods(int limit) override {
    if (absl::Status fault = Before("Periods"); !fault.ok()) return fault;
    std::vector<settlement::v1::Period> newest_first;
    for (auto period = periods_.rbegin(); period != periods_.rend(); ++period) {
      if (static_cast<int>(newest_first.size()) >= limit) break;
      newest_first.push_back(period->second);
    }
    if (absl::Status fault = After("Periods"); !fault.ok()) return fault;
    return newest_first;
  }

  absl::StatusOr<int64_t> IssuedBetween(const std::string& partner_id, absl::CivilDay from,
                                        absl::CivilDay before) override {
    if (absl::Status fault = Before("IssuedBetween"); !fault.ok()) return fault;
    int64_t issued = 0;
    for (const auto& [key, sums] : period_totals_) {
      const auto& [period, partner, kind, version, late] = key;
      if (partner == partner_id && kind == settlement::v1::ISSUED && !late && period >= from &&
          period < before) {
        issued += sums.points;
      }
    }
    if (absl::Status fault = After("IssuedBetween"); !fault.ok()) return fault;
    return issued;
  }

  absl::StatusOr<std::vector<PeriodFact>> AllTimeTotals() override {
    if (absl::Status fault = Before("AllTimeTotals"); !fault.ok()) return fault;
    std::map<std::pair<std::string, int>, int64_t> by_partner_kind;
    for (const auto& [key, sums] : period_totals_) {
      by_partner_kind[{std::get<1>(key), std::get<2>(key)}] += sums.points;
    }
    std::vector<PeriodFact> totals;
    for (const auto& [key, points] : by_partner_kind) {
      PeriodFact& total = totals.emplace_back();
      total.partner_id = key.first;
      total.kind = static_cast<settlement::v1::FactKind>(key.second);
      total.points = points;
    }
    if (absl::Status fault = After("AllTimeTotals"); !fault.ok()) return fault;
    return totals;
  }

  absl::StatusOr<std::vector<PeriodLine>> DayTotals(
      absl::CivilDay start, absl::CivilDay end,
      const std::optional<std::string>& partner_id) override {
    if (absl::Status fault = Before("DayTotals"); !fault.ok()) return fault;
    std::map<std::tuple<std::string, int, int64_t>, Sums> summed;
    for (const auto& [key, sums] : day_facts_) {
      const auto& [day, partner, kind, version] = key;
      if (day < start || day >= end || (partner_id && partner != *partner_id)) continue;
      Sums& sum = summed[{partner, kind, version}];
      sum.points += sums.points;
      sum.postings += sums.postings;
    }
    std::vector<PeriodLine> lines;
    for (const auto& [key, sums] : summed) {
      const auto& [partner, kind, version] = key;
      lines.push_back({PeriodFact{partner, static_cast<settlement::v1::FactKind>(kind), version,
                                  start, sums.points, sums.postings},
                       false});
    }
    if (absl::Status fault = After("DayTotals"); !fault.ok()) return fault;
    return lines;
  }

 private:
  absl::Status Before(absl::string_view name) {
    return faults_ == nullptr ? absl::OkStatus() : faults_->Before(name);
  }
  absl::Status After(absl::string_view name) {
    return faults_ == nullptr ? absl::OkStatus() : faults_->After(name);
  }
  // The first day after the latest period closing or closed; none before any close.
  std::optional<absl::CivilDay> Frontier() const {
    std::optional<absl::CivilDay> frontier;
    for (const auto& [start, period] : periods_) {
      if (period.state() != settlement::v1::Period::OPEN) frontier = calendar_.EndOf(start);
    }
    return frontier;
  }
  void EnsurePeriod(absl::CivilDay start) {
    if (periods_.contains(start)) return;
    settlement::v1::Period made;
    made.set_period_start(absl::FormatCivilTime(start));
    made.set_period_end(absl::FormatCivilTime(calendar_.EndOf(start)));
    made.set_state(settlement::v1::Period::OPEN);
    periods_.emplace(start, made);
  }

  const settlement::PeriodCalendar calendar_;
  FaultPlan* faults_;
  int64_t cursor_ = 0;
  std::map<DayKey, Sums> day_facts_;
  std::map<PeriodKey, Sums> period_totals_;
  std::map<absl::CivilDay, settlement::v1::Period> periods_;
  std::map<absl::CivilDay, settlement::v1::PeriodReport> reports_;
  int reports_kept_ = 0;
};

}  // namespace coalition::testing
