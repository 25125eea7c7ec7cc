#include "partner-gateway/audit_chain.h"

#include "absl/strings/str_cat.h"
#include "services/common/fingerprint.h"
#include "services/common/proto_time.h"

namespace coalition::gateway {

std::string AuditHash(const v1::AuditRecord& record) {
  std::string fields = absl::StrCat(record.previous_hash(), "\n", record.sequence(), "\n",
                                    ProtoTimeToMicros(record.time()), "\n", record.caller(), "\n",
                                    record.role(), "\n", record.method(), "\n",
                                    record.request_sha256(), "\n", record.status_code());
  if (record.aggregated_refusals() != 0) {
    absl::StrAppend(&fields, "\n", record.aggregated_refusals());
  }
  return Sha256Hex(fields);
}

std::optional<std::string> FirstBreak(
    const google::protobuf::RepeatedPtrField<v1::AuditRecord>& records, std::string& previous) {
  for (const v1::AuditRecord& record : records) {
    if (record.previous_hash() != previous) {
      return absl::StrCat("record ", record.sequence(),
                          ": does not follow the record before it (a record was removed, "
                          "reordered or edited)");
    }
    if (AuditHash(record) != record.hash()) {
      return absl::StrCat("record ", record.sequence(), ": its fields no longer match its hash");
    }
    previous = record.hash();
  }
  return std::nullopt;
}

}  // namespace coalition::gateway
