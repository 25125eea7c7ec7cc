// What a request "says", for idempotency: the same request_id with another fingerprint is a
// different request reusing a key, and is refused.
//
//   std::string fp = RequestFingerprint(request);  // request_id itself is left out
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace coalition {

std::string Sha256Hex(absl::string_view data);

// SHA-256 (hex) of the deterministic serialization of `request` with its `request_id` field
// cleared.
std::string RequestFingerprint(const google::protobuf::Message& request);

}  // namespace coalition
