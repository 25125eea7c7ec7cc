// The public API as one caller sees it: the services and methods its role may call (routes.cc;
// the gateway's own AccessService and AuditService are the operator's),
// and the proto files that describe them, with every service and method it may not call left
// out. The message types of a file it may see stay whole. For the gateway's reflection service,
// so a partner's grpcurl shows its API and nothing of the operator's.
//
//   ApiView view(who);
//   for (const std::string& service : view.Services()) ...
//   ASSIGN_OR_RETURN(std::vector<std::string> files,
//                    view.FileContainingSymbol("coalition.account.v1.AccountService"));
#pragma once

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "partner-gateway/identity.h"

namespace coalition::gateway {

class ApiView {
 public:
  explicit ApiView(const Identity& who);

  // Full names ("coalition.account.v1.AccountService") of the services with a method the caller
  // may call, sorted.
  const std::vector<std::string>& Services() const { return services_; }

  // The file, then every file it imports, directly or not: each a serialized
  // google.protobuf.FileDescriptorProto as the caller sees it. NOT_FOUND for a file, service,
  // method or type the caller may not see.
  absl::StatusOr<std::vector<std::string>> FileByName(absl::string_view name) const;
  absl::StatusOr<std::vector<std::string>> FileContainingSymbol(absl::string_view symbol) const;

 private:
  absl::StatusOr<std::vector<std::string>> WithImports(
      const google::protobuf::FileDescriptor* file) const;
  std::string AsSeen(const google::protobuf::FileDescriptor& file) const;

  std::vector<std::string> services_;
  absl::flat_hash_set<std::string> methods_;  // "package.Service.Method"
  absl::flat_hash_set<const google::protobuf::FileDescriptor*> files_;
};

}  // namespace coalition::gateway
