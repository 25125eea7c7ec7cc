// The coalition the workload runs against, made through the operator's and partners' own APIs
// as the integration tests make theirs: partners with their rates and burn terms, two rewards
// each in the catalogue, members each starting with the points of one purchase (journaled like
// every later answer).
//
//   ASSIGN_OR_RETURN(Coalition coalition, SetUpCoalition(clients, journal, options));
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/faults/clients.h"
#include "tests/faults/journal.h"

namespace coalition::faults {

struct SetupOptions {
  uint64_t seed = 1;
  int partners = 4;
  int members = 200;
  int workers = 8;  // members are enrolled this many at a time
};

struct CatalogueReward {
  std::string partner_id;
  std::string reward_id;
  int64_t points_price = 0;
  int64_t stock = 0;  // at the start
};

struct Coalition {
  std::vector<std::string> partners;
  std::vector<CatalogueReward> rewards;
  std::vector<std::string> members;
  // A purchase that exists from the start: the recovery probe reads it from the earning service.
  std::string probe_purchase_id;
};

// The caller a partner's own requests come with, as the gateway names it.
std::string PartnerCaller(const std::string& partner_id);

absl::StatusOr<Coalition> SetUpCoalition(Clients& clients, Journal& journal,
                                         const SetupOptions& options);

}  // namespace coalition::faults
