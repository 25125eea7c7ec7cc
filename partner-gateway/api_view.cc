#include "partner-gateway/api_view.h"

#include <algorithm>

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
#include "google/protobuf/descriptor.pb.h"
#include "partner-gateway/routes.h"

namespace coalition::gateway {
namespace {

using google::protobuf::FileDescriptor;

// Every file that defines a service the gateway serves or forwards.
std::vector<const FileDescriptor*> ApiFiles() {
  return {account::v1::GetBalanceRequest::descriptor()->file(),
          admin::v1::GetPartnerRequest::descriptor()->file(),
          earning::v1::RecordPurchaseRequest::descriptor()->file(),
          redemption::v1::RedeemRequest::descriptor()->file(),
          settlement::v1::GetStatementRequest::descriptor()->file(),
          sandbox::v1::AdvanceClockRequest::descriptor()->file(),
          v1::ListAuditRecordsRequest::descriptor()->file(),
          v1::ListApiKeysRequest::descriptor()->file()};
}

// `method` is "package.Service.Method".
bool MayCall(const google::protobuf::MethodDescriptor& method, const Identity& who) {
  // routes.cc decides for the gateway's own services too (the operator's only).
  return Authorize(absl::StrCat("/", method.service()->full_name(), "/", method.name()), who).ok();
}

void AddWithImports(const FileDescriptor* file, absl::flat_hash_set<const FileDescriptor*>& files) {
  if (!files.insert(file).second) return;
  for (int i = 0; i < file->dependency_count(); ++i) AddWithImports(file->dependency(i), files);
}

absl::Status NotFound(absl::string_view what) {
  return absl::NotFoundError(absl::StrCat(what, ": not part of the API this caller may call"));
}

}  // namespace

ApiView::ApiView(const Identity& who) {
  for (const FileDescriptor* file : ApiFiles()) {
    bool any = false;
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor& service = *file->service(s);
      bool callable = false;
      for (int m = 0; m < service.method_count(); ++m) {
        if (!MayCall(*service.method(m), who)) continue;
        methods_.insert(service.method(m)->full_name());
        callable = true;
      }
      if (callable) services_.push_back(service.full_name());
      any = any || callable;
    }
    if (any) AddWithImports(file, files_);
  }
  std::sort(services_.begin(), services_.end());
}

absl::StatusOr<std::vector<std::string>> ApiView::FileByName(absl::string_view name) const {
  return WithImports(
      google::protobuf::DescriptorPool::generated_pool()->FindFileByName(std::string(name)));
}

absl::StatusOr<std::vector<std::string>> ApiView::FileContainingSymbol(
    absl::string_view symbol) const {
  const google::protobuf::DescriptorPool& pool =
      *google::protobuf::DescriptorPool::generated_pool();
  const std::string name(symbol);
  if (const auto* service = pool.FindServiceByName(name); service != nullptr) {
    if (!std::binary_search(services_.begin(), services_.end(), name)) return NotFound(symbol);
    return WithImports(service->file());
  }
  if (const auto* method = pool.FindMethodByName(name); method != nullptr) {
    if (!methods_.contains(name)) return NotFound(symbol);
    return WithImports(method->service()->file());
  }
  const FileDescriptor* file = pool.FindFileContainingSymbol(name);
  if (file == nullptr) return NotFound(symbol);
  return WithImports(file);
}

absl::StatusOr<std::vector<std::string>> ApiView::WithImports(const FileDescriptor* file) const {
  if (file == nullptr || !files_.contains(file)) {
    return NotFound(file == nullptr ? "file" : file->name());
  }
  // The file first, as clients expect; its imports after it, each once.
  std::vector<std::string> answer = {AsSeen(*file)};
  absl::flat_hash_set<const FileDescriptor*> imports;
  for (int i = 0; i < file->dependency_count(); ++i) AddWithImports(file->dependency(i), imports);
  std::vector<const FileDescriptor*> sorted(imports.begin(), imports.end());
  std::sort(sorted.begin(), sorted.end(),
            [](const FileDescriptor* a, const FileDescriptor* b) { return a->name() < b->name(); });
  for (const FileDescriptor* import : sorted) answer.push_back(AsSeen(*import));
  return answer;
}

std::string ApiView::AsSeen(const FileDescriptor& file) const {
  google::protobuf::FileDescriptorProto proto;
  file.CopyTo(&proto);
  proto.clear_service();
  for (int s = 0; s < file.service_count(); ++s) {
    const google::protobuf::ServiceDescriptor& service = *file.service(s);
    if (!std::binary_search(services_.begin(), services_.end(), service.full_name())) continue;
    google::protobuf::ServiceDescriptorProto& seen = *proto.add_service();
    service.CopyTo(&seen);
    seen.clear_method();
    for (int m = 0; m < service.method_count(); ++m) {
      if (methods_.contains(service.method(m)->full_name())) {
        service.method(m)->CopyTo(seen.add_method());
      }
    }
  }
  return proto.SerializeAsString();
}

}  // namespace coalition::gateway
