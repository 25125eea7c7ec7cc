// One to one between the journal's OK answers and a service's rows: every answer has its row
// and every row its answer (a row without one is an effect the client was never told of).
#pragma once

#include <map>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "tests/faults/findings.h"

namespace coalition::faults {

template <typename Answer>
void MatchAnswersToRows(const std::map<std::string, Answer>& answers,
                        const std::set<std::string>& row_ids, const std::string& what,
                        const std::string& check, Findings& findings) {
  for (const auto& [id, answer] : answers) {
    if (!row_ids.contains(id)) {
      findings.Add(check, absl::StrCat(what, " ", id, " was answered OK but has no row"));
    }
  }
  for (const std::string& id : row_ids) {
    if (!answers.contains(id)) {
      findings.Add(check, absl::StrCat(what, " ", id, " has a row but no OK answer"));
    }
  }
}

}  // namespace coalition::faults
