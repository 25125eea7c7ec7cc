// RETURN_IF_ERROR / ASSIGN_OR_RETURN: our Abseil (20220623) ships no status macros.
//
//   RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
//   ASSIGN_OR_RETURN(Partner partner, partners.Get(partner_id));
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define COALITION_CONCAT_INNER(a, b) a##b
#define COALITION_CONCAT(a, b) COALITION_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                           \
  do {                                                  \
    if (absl::Status status_ = (expr); !status_.ok()) { \
      return status_;                                   \
    }                                                   \
  } while (false)

#define COALITION_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                    \
  if (!tmp.ok()) return std::move(tmp).status();        \
  lhs = std::move(tmp).value()

#define ASSIGN_OR_RETURN(lhs, expr) \
  COALITION_ASSIGN_OR_RETURN_IMPL(COALITION_CONCAT(statusor_, __LINE__), lhs, expr)
