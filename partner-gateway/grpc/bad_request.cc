#include "partner-gateway/grpc/bad_request.h"

#include <string>

#include "absl/strings/ascii.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace coalition::gateway {
namespace {

// "a.b[2].c" from "a.b[2].c: problem"; empty if the message does not start with a field path.
std::string FieldPath(const std::string& message) {
  const size_t colon = message.find(": ");
  if (colon == std::string::npos || colon == 0) return "";
  for (size_t i = 0; i < colon; ++i) {
    const char c = message[i];
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '[' &&
        c != ']' && c != '-') {
      return "";
    }
  }
  return message.substr(0, colon);
}

}  // namespace

grpc::Status WithBadRequestDetails(const grpc::Status& status) {
  if (status.error_code() != grpc::StatusCode::INVALID_ARGUMENT) return status;
  const std::string field = FieldPath(status.error_message());
  if (field.empty()) return status;
  google::rpc::BadRequest bad_request;
  google::rpc::BadRequest::FieldViolation* violation = bad_request.add_field_violations();
  violation->set_field(field);
  violation->set_description(status.error_message().substr(field.size() + 2));
  google::rpc::Status details;
  details.set_code(status.error_code());
  details.set_message(status.error_message());
  details.add_details()->PackFrom(bad_request);
  return grpc::Status(status.error_code(), status.error_message(), details.SerializeAsString());
}

}  // namespace coalition::gateway
