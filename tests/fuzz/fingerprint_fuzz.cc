// Idempotency fingerprints (fingerprint.h) of whatever a client sends: a request's fingerprint
// does not depend on its request_id, nor on how its bytes were ordered on the wire, so a retry is
// recognised however its client serialises it. Never a crash or a sanitizer report.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <fuzzer/FuzzedDataProvider.h>

#include "coalition/earning/v1/earning.pb.h"
#include "coalition/redemption/v1/redemption.pb.h"
#include "services/common/fingerprint.h"
#include "services/common/grpc/server_process.h"

namespace {

template <typename Request>
void Check(const std::string& bytes, const std::string& other_request_id) {
  Request request;
  if (!request.ParseFromString(bytes)) return;
  const std::string fingerprint = coalition::RequestFingerprint(request);
  Request retry = request;
  retry.set_request_id(other_request_id);
  if (coalition::RequestFingerprint(retry) != fingerprint) abort();
  // The same request as another client would encode it: parsed back from our own encoding.
  Request reparsed;
  if (!reparsed.ParseFromString(request.SerializeAsString())) abort();
  if (coalition::RequestFingerprint(reparsed) != fingerprint) abort();
}

}  // namespace

// As in the servers: protobuf's complaints about the bytes it parses are not logged.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  coalition::RouteProtobufLogs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider input(data, size);
  const int type = input.ConsumeIntegralInRange(0, 2);
  const std::string other_request_id = input.ConsumeRandomLengthString(64);
  const std::string bytes = input.ConsumeRemainingBytesAsString();
  switch (type) {
    case 0:
      Check<coalition::earning::v1::RecordPurchaseRequest>(bytes, other_request_id);
      break;
    case 1:
      Check<coalition::earning::v1::RefundPurchaseRequest>(bytes, other_request_id);
      break;
    default:
      Check<coalition::redemption::v1::RedeemRequest>(bytes, other_request_id);
      break;
  }
  return 0;
}
