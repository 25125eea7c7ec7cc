// A partner's effective-dated settings (earn rules, burn terms, partner terms) as the logic sees
// them: versions published once and never edited, read newest first. The MariaDB implementation,
// with its short cache, is mariadb/versioned_protos.h.
//
//   PartnerTermsBook book(versions, store, clock);  // versions: Versions<PartnerTerms>&
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/request_key.h"

namespace coalition {

// T has partner_id, version and effective_time fields.
template <typename T>
class Versions {
 public:
  virtual ~Versions() = default;

  // Stores the partner's next version unless `key` was used before; returns the stored version
  // either way (ALREADY_EXISTS if the key's fingerprint differs).
  virtual absl::StatusOr<T> Publish(const RequestKey& key, const T& draft) = 0;
  // The partner's versions, newest first, read now.
  virtual absl::StatusOr<std::vector<T>> List(const std::string& partner_id) = 0;
  // The same, possibly a few seconds old (at once up to date in the process that published).
  virtual absl::StatusOr<std::shared_ptr<const std::vector<T>>> Cached(
      const std::string& partner_id) = 0;
};

}  // namespace coalition
