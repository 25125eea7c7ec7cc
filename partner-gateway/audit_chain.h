// The audit log's hash chain, as pure functions. A record's hash is SHA-256 (hex) over, joined
// by newlines: the previous record's hash, then sequence, time (µs), caller, role, method,
// request_sha256 and status_code, then aggregated_refusals if it is not 0 (so records written
// before it existed keep their hashes). The first record's previous hash is 64 zeros.
//
//   std::string previous = kGenesisHash;
//   if (auto broken = FirstBreak(page, previous)) ... report *broken ...
#pragma once

#include <optional>
#include <string>

#include "coalition/gateway/v1/audit.pb.h"
#include "google/protobuf/repeated_field.h"

namespace coalition::gateway {

inline const std::string kGenesisHash(64, '0');

std::string AuditHash(const v1::AuditRecord& record);

// Checks records (in sequence order, following the one whose hash is `previous`) and moves
// `previous` along. The first record that does not chain: what is wrong with it.
std::optional<std::string> FirstBreak(
    const google::protobuf::RepeatedPtrField<v1::AuditRecord>& records, std::string& previous);

}  // namespace coalition::gateway
