// The idempotency key of a mutation: who asked, under which request_id, and what the request
// said (its fingerprint). Stores keep it with what the request made; a retry with the same
// fingerprint gets that back, the same request_id with another fingerprint is refused.
//
//   const RequestKey key = RequestKey::Of(caller, request);
//   RETURN_IF_ERROR(CheckSameRequest(stored_fingerprint, key));
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace coalition {

struct RequestKey {
  std::string caller;
  std::string request_id;
  std::string fingerprint;

  // From a request message with a `request_id` string field.
  static RequestKey Of(absl::string_view caller, const google::protobuf::Message& request);
};

// ALREADY_EXISTS: "request_id: 'x' was already used for a different request".
absl::Status RequestIdReused(const RequestKey& key);

// The one check of a key found stored: OK when `stored_fingerprint`, kept with what an earlier
// request under `key`'s caller and request_id made, is this request's own (a retry, to be given
// that back); RequestIdReused otherwise.
absl::Status CheckSameRequest(absl::string_view stored_fingerprint, const RequestKey& key);

}  // namespace coalition
