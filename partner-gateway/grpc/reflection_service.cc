#include "partner-gateway/grpc/reflection_service.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "partner-gateway/api_view.h"
#include "services/common/grpc/grpc_status.h"

namespace coalition::gateway {
namespace {

using grpc::reflection::v1alpha::ServerReflectionRequest;
using grpc::reflection::v1alpha::ServerReflectionResponse;

// A client asks a handful of questions per session; a stream is a sync thread held open.
constexpr int kMaxRequestsPerStream = 1000;

// Errors go in the answer: the stream stays open for the next question.
void SetError(const absl::Status& error, ServerReflectionResponse& response) {
  response.mutable_error_response()->set_error_code(static_cast<int>(error.code()));
  response.mutable_error_response()->set_error_message(std::string(error.message()));
}

void SetFiles(const absl::StatusOr<std::vector<std::string>>& files,
              ServerReflectionResponse& response) {
  if (!files.ok()) return SetError(files.status(), response);
  for (const std::string& file : *files) {
    response.mutable_file_descriptor_response()->add_file_descriptor_proto(file);
  }
}

ServerReflectionResponse Answer(const ApiView& view, const ServerReflectionRequest& request) {
  ServerReflectionResponse response;
  response.set_valid_host(request.host());
  *response.mutable_original_request() = request;
  switch (request.message_request_case()) {
    case ServerReflectionRequest::kListServices:
      for (const std::string& service : view.Services()) {
        response.mutable_list_services_response()->add_service()->set_name(service);
      }
      break;
    case ServerReflectionRequest::kFileByFilename:
      SetFiles(view.FileByName(request.file_by_filename()), response);
      break;
    case ServerReflectionRequest::kFileContainingSymbol:
      SetFiles(view.FileContainingSymbol(request.file_containing_symbol()), response);
      break;
    case ServerReflectionRequest::kFileContainingExtension:
      SetError(absl::NotFoundError(
                   absl::StrCat("file_containing_extension: the API defines no extensions of ",
                                request.file_containing_extension().containing_type())),
               response);
      break;
    case ServerReflectionRequest::kAllExtensionNumbersOfType: {
      // A type the caller may see has none; any other is not there.
      const std::string& type = request.all_extension_numbers_of_type();
      if (absl::Status seen = view.FileContainingSymbol(type).status(); !seen.ok()) {
        SetError(seen, response);
      } else {
        response.mutable_all_extension_numbers_response()->set_base_type_name(type);
      }
      break;
    }
    case ServerReflectionRequest::MESSAGE_REQUEST_NOT_SET:
      SetError(absl::InvalidArgumentError("message_request: is required"), response);
      break;
  }
  return response;
}

}  // namespace

grpc::Status ReflectionService::ServerReflectionInfo(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<ServerReflectionResponse, ServerReflectionRequest>* stream) {
  const absl::StatusOr<Identity> who = authenticator_.Identify(*context);
  if (!who.ok()) return ToGrpcStatus(who.status());
  const ApiView view(*who);
  ServerReflectionRequest request;
  for (int answered = 0; stream->Read(&request); ++answered) {
    if (answered == kMaxRequestsPerStream) {
      return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                          absl::StrCat("at most ", kMaxRequestsPerStream,
                                       " reflection requests per stream: open another"));
    }
    if (!stream->Write(Answer(view, request))) break;
  }
  return grpc::Status::OK;
}

}  // namespace coalition::gateway
