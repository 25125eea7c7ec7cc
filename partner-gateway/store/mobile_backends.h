// Which members each mobile backend may read (migrations/0002), set by the operator and read by
// the gateway on every mobile call through a short cache, like API keys.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "coalition/gateway/v1/access.pb.h"
#include "partner-gateway/ttl_cache.h"
#include "services/common/clock.h"
#include "services/common/mariadb/connection_pool.h"
#include "services/common/request_key.h"

namespace coalition::gateway {

class MobileBackends {
 public:
  MobileBackends(mariadb::ConnectionPool& pool, const Clock& clock) : pool_(pool), clock_(clock) {}

  // Replaces the backend's scope, or returns what an earlier identical request set.
  absl::StatusOr<v1::MobileBackend> Set(const RequestKey& request,
                                        const v1::MobileBackend& backend);

  // nullopt for a backend the operator never registered. Cached for up to 2 s.
  absl::StatusOr<std::optional<v1::MobileBackend>> Find(const std::string& mobile_id);

 private:
  mariadb::ConnectionPool& pool_;
  const Clock& clock_;
  TtlCache<std::optional<v1::MobileBackend>> cache_{absl::Seconds(2), 10'000};  // by mobile id
};

}  // namespace coalition::gateway
