#include "partner-gateway/request_checks.h"

#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "coalition/account/v1/account.pb.h"
#include "coalition/admin/v1/admin.pb.h"
#include "coalition/earning/v1/earning.pb.h"
#include "coalition/gateway/v1/access.pb.h"
#include "coalition/gateway/v1/audit.pb.h"
#include "coalition/redemption/v1/redemption.pb.h"
#include "coalition/sandbox/v1/sandbox.pb.h"
#include "coalition/settlement/v1/settlement.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/unknown_field_set.h"
#include "services/common/limits.h"
#include "services/common/status_macros.h"
#include "services/common/time_validation.h"
#include "services/common/validation.h"

namespace coalition::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Touches one message of each API file, so the linker keeps them and their descriptors (the
// methods' types) are in the generated pool.
const google::protobuf::DescriptorPool& ApiPool() {
  static const bool linked = [] {
    for (const Descriptor* descriptor :
         {account::v1::GetBalanceRequest::descriptor(), admin::v1::GetPartnerRequest::descriptor(),
          earning::v1::RecordPurchaseRequest::descriptor(),
          gateway::v1::IssueApiKeyRequest::descriptor(),
          gateway::v1::ListAuditRecordsRequest::descriptor(),
          redemption::v1::RedeemRequest::descriptor(),
          sandbox::v1::AdvanceClockRequest::descriptor(),
          settlement::v1::GetStatementRequest::descriptor()}) {
      (void)descriptor;
    }
    return true;
  }();
  (void)linked;
  return *google::protobuf::DescriptorPool::generated_pool();
}

const google::protobuf::MethodDescriptor* FindMethod(const std::string& method) {
  // "/package.Service/Method" -> "package.Service.Method"
  std::string name = method.empty() ? method : method.substr(1);
  const size_t slash = name.rfind('/');
  if (slash == std::string::npos) return nullptr;
  name[slash] = '.';
  return ApiPool().FindMethodByName(name);
}

bool IsAmount(const std::string& name) {
  return name == "points" || name == "amount_minor" || absl::EndsWith(name, "_points") ||
         absl::EndsWith(name, "_minor");
}

absl::Status Invalid(const std::string& field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

absl::Status CheckValue(const Message& message, const FieldDescriptor* field, int index,
                        const std::string& name, const Identity& who);

absl::Status CheckMessage(const Message& message, const Identity& who, const std::string& path) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  if (const auto& unknown = reflection->GetUnknownFields(message); unknown.field_count() > 0) {
    return Invalid(
        path.empty() ? "request" : path.substr(0, path.size() - 1),
        absl::StrCat("field number ", unknown.field(0).number(), " is not part of the API"));
  }
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);  // the fields that are set
  for (const FieldDescriptor* field : fields) {
    const std::string name = absl::StrCat(path, field->name());
    if (!field->is_repeated()) {
      RETURN_IF_ERROR(CheckValue(message, field, -1, name, who));
      continue;
    }
    const int size = reflection->FieldSize(message, field);
    if (size > kMaxBatchItems) {
      return Invalid(name, absl::StrCat("at most ", kMaxBatchItems, " items, got ", size));
    }
    for (int i = 0; i < size; ++i) {
      RETURN_IF_ERROR(CheckValue(message, field, i, absl::StrCat(name, "[", i, "]"), who));
    }
  }
  return absl::OkStatus();
}

// One value of `field` (element `index` of a repeated one, or -1).
absl::Status CheckValue(const Message& message, const FieldDescriptor* field, int index,
                        const std::string& name, const Identity& who) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  const bool repeated = index >= 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const Message& value = repeated ? reflection->GetRepeatedMessage(message, field, index)
                                      : reflection->GetMessage(message, field);
      RETURN_IF_ERROR(CheckMessage(value, who, absl::StrCat(name, ".")));
      // A Timestamp outside its own range is malformed whichever field holds it.
      const auto* time =
          google::protobuf::DynamicCastToGenerated<google::protobuf::Timestamp>(&value);
      return time == nullptr ? absl::OkStatus() : ValidateTimestamp(name, *time);
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const int value = repeated ? reflection->GetRepeatedEnumValue(message, field, index)
                                 : reflection->GetEnumValue(message, field);
      if (field->enum_type()->FindValueByNumber(value) == nullptr) {
        return Invalid(name, absl::StrCat(value, " is not a ", field->enum_type()->name()));
      }
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      if (field->type() == FieldDescriptor::TYPE_BYTES) return absl::OkStatus();
      const std::string value = repeated ? reflection->GetRepeatedString(message, field, index)
                                         : reflection->GetString(message, field);
      if (value.size() > kMaxStringBytes) {
        return Invalid(name,
                       absl::StrCat("at most ", kMaxStringBytes, " bytes, got ", value.size()));
      }
      if (field->name() == "request_id") return ValidateRequestId(name, value);
      if (field->name() == "member_id") return ValidateId(name, value);
      if (field->name() != "partner_id") return absl::OkStatus();
      RETURN_IF_ERROR(ValidateId(name, value));
      if (who.role == Role::kPartner && value != who.id) {
        return absl::PermissionDeniedError(absl::StrCat(name, ": partner '", who.id,
                                                        "' may not act as partner '", value, "'"));
      }
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_INT32: {
      if (!IsAmount(field->name())) return absl::OkStatus();
      const int64_t value = field->cpp_type() == FieldDescriptor::CPPTYPE_INT64
                                ? (repeated ? reflection->GetRepeatedInt64(message, field, index)
                                            : reflection->GetInt64(message, field))
                                : (repeated ? reflection->GetRepeatedInt32(message, field, index)
                                            : reflection->GetInt32(message, field));
      if (value > kMaxAmount || value < -kMaxAmount) {
        return Invalid(name, absl::StrCat("at most ", kMaxAmount, " in size, got ", value));
      }
      if (value < 0 && who.role != Role::kOperator) {
        return Invalid(name, absl::StrCat("must not be negative, got ", value));
      }
      return absl::OkStatus();
    }
    default:
      return absl::OkStatus();
  }
}

}  // namespace

bool IsApiMethod(const std::string& method) { return FindMethod(method) != nullptr; }

bool IsClientStreaming(const std::string& method) {
  const auto* descriptor = FindMethod(method);
  return descriptor != nullptr && descriptor->client_streaming();
}

bool IsServerStreaming(const std::string& method) {
  const auto* descriptor = FindMethod(method);
  return descriptor != nullptr && descriptor->server_streaming();
}

absl::Status CheckRequest(const std::string& method, const std::string& request_bytes,
                          const Identity& who) {
  const auto* descriptor = FindMethod(method);
  if (descriptor == nullptr) return absl::UnimplementedError(absl::StrCat("no method ", method));
  // The API's types are generated (ApiPool), so their prototypes need no factory per call.
  std::unique_ptr<Message> request(google::protobuf::MessageFactory::generated_factory()
                                       ->GetPrototype(descriptor->input_type())
                                       ->New());
  if (!request->ParseFromString(request_bytes)) {
    return absl::InvalidArgumentError(
        absl::StrCat("request: not a valid ", descriptor->input_type()->full_name(), " message"));
  }
  return CheckMessage(*request, who, "");
}

}  // namespace coalition::gateway
