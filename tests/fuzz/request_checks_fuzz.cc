// The gateway's checks of a request's bytes (request_checks.h), on any bytes, for any method of
// the API and any role: never a crash or a sanitizer report, and never an answer but OK or a
// refusal of the request (INVALID_ARGUMENT, PERMISSION_DENIED).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <fuzzer/FuzzedDataProvider.h>

#include "coalition/account/v1/account.pb.h"
#include "coalition/admin/v1/admin.pb.h"
#include "coalition/earning/v1/earning.pb.h"
#include "coalition/gateway/v1/access.pb.h"
#include "coalition/gateway/v1/audit.pb.h"
#include "coalition/redemption/v1/redemption.pb.h"
#include "coalition/settlement/v1/settlement.pb.h"
#include "partner-gateway/request_checks.h"
#include "services/common/grpc/server_process.h"

namespace {

using google::protobuf::FileDescriptor;

// "/package.Service/Method" for every method of the API's files.
std::vector<std::string> ApiMethods() {
  std::vector<std::string> methods;
  for (const FileDescriptor* file :
       {coalition::account::v1::GetBalanceRequest::descriptor()->file(),
        coalition::admin::v1::GetPartnerRequest::descriptor()->file(),
        coalition::earning::v1::RecordPurchaseRequest::descriptor()->file(),
        coalition::gateway::v1::IssueApiKeyRequest::descriptor()->file(),
        coalition::gateway::v1::ListAuditRecordsRequest::descriptor()->file(),
        coalition::redemption::v1::RedeemRequest::descriptor()->file(),
        coalition::settlement::v1::GetStatementRequest::descriptor()->file()}) {
    for (int s = 0; s < file->service_count(); ++s) {
      for (int m = 0; m < file->service(s)->method_count(); ++m) {
        methods.push_back("/" + file->service(s)->full_name() + "/" +
                          file->service(s)->method(m)->name());
      }
    }
  }
  return methods;
}

}  // namespace

// As in the servers: protobuf's complaints about the bytes it parses are not logged.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  coalition::RouteProtobufLogs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using coalition::gateway::Identity;
  using coalition::gateway::Role;
  static const std::vector<std::string> methods = ApiMethods();
  static const Identity callers[] = {{Role::kOperator, "operator", "operator"},
                                     {Role::kPartner, "hotel", "partner:hotel"},
                                     {Role::kMobile, "hotel-app", "mobile:hotel-app"}};
  FuzzedDataProvider input(data, size);
  const std::string& method = methods[input.ConsumeIntegralInRange<size_t>(0, methods.size() - 1)];
  const Identity& who = callers[input.ConsumeIntegralInRange<size_t>(0, 2)];
  const std::string request = input.ConsumeRemainingBytesAsString();
  const absl::Status status = coalition::gateway::CheckRequest(method, request, who);
  if (!status.ok() && !absl::IsInvalidArgument(status) && !absl::IsPermissionDenied(status)) {
    abort();
  }
  return 0;
}
