#include "partner-gateway/request_checks.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "coalition/account/v1/account.pb.h"
#include "coalition/admin/v1/admin.pb.h"
#include "coalition/earning/v1/earning.pb.h"
#include "coalition/redemption/v1/redemption.pb.h"
#include "coalition/sandbox/v1/sandbox.pb.h"
#include "coalition/settlement/v1/settlement.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/message.h"

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

absl::Status CheckMessage(const Message& message, const Identity& who, const std::string& path) {
  const Descriptor* type = message.GetDescriptor();
  const google::protobuf::Reflection* reflection = message.GetReflection();
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    const std::string name = absl::StrCat(path, field->name());
    if (field->name() == "partner_id" && field->type() == FieldDescriptor::TYPE_STRING &&
        !field->is_repeated()) {
      const std::string value = reflection->GetString(message, field);
      if (!value.empty() && value != who.caller) {
        return absl::PermissionDeniedError(absl::StrCat(name, ": partner '", who.caller,
                                                        "' may not act as partner '", value, "'"));
      }
    } else if (field->type() == FieldDescriptor::TYPE_MESSAGE && field->is_repeated() &&
               path.empty()) {
      for (int j = 0; j < reflection->FieldSize(message, field); ++j) {
        const absl::Status checked = CheckMessage(reflection->GetRepeatedMessage(message, field, j),
                                                  who, absl::StrCat(name, "[", j, "]."));
        if (!checked.ok()) return checked;
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

bool IsStreaming(const std::string& method) {
  const auto* descriptor = FindMethod(method);
  return descriptor != nullptr &&
         (descriptor->client_streaming() || descriptor->server_streaming());
}

absl::Status CheckActsAsItself(const std::string& method, const std::string& request_bytes,
                               const Identity& who) {
  if (who.role != Role::kPartner) return absl::OkStatus();
  const auto* descriptor = FindMethod(method);
  if (descriptor == nullptr) return absl::UnimplementedError(absl::StrCat("no method ", method));
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<Message> request(factory.GetPrototype(descriptor->input_type())->New());
  if (!request->ParseFromString(request_bytes)) {
    return absl::InvalidArgumentError(
        absl::StrCat("request: not a valid ", descriptor->input_type()->full_name(), " message"));
  }
  return CheckMessage(*request, who, "");
}

}  // namespace coalition::gateway
