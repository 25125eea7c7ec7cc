#include "partner-gateway/routes.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"

namespace coalition::gateway {
namespace {

const std::set<std::string>& PartnerMethods() {
  static const auto* methods = new std::set<std::string>{
      "coalition.account.v1.AccountService/EnrollMember",
      "coalition.account.v1.AccountService/GetMember",
      "coalition.account.v1.AccountService/GetBalance",
      "coalition.account.v1.AccountService/ListTransactions",
      "coalition.account.v1.AccountService/GetMemberSummary",
      "coalition.account.v1.AccountService/GetMemberTier",
      "coalition.account.v1.AccountService/ListTierChanges",
      "coalition.account.v1.AccountService/WatchMemberEvents",
      "coalition.settlement.v1.SettlementService/GetPartnerStatement",
  };
  return *methods;
}

const std::set<std::string>& MobileMethods() {
  static const auto* methods = new std::set<std::string>{
      "coalition.account.v1.AccountService/GetMember",
      "coalition.account.v1.AccountService/GetBalance",
      "coalition.account.v1.AccountService/ListTransactions",
      "coalition.account.v1.AccountService/GetMemberSummary",
      "coalition.account.v1.AccountService/GetMemberTier",
      "coalition.account.v1.AccountService/ListTierChanges",
      "coalition.account.v1.AccountService/WatchMemberEvents",
      "coalition.account.v1.AccountService/SetPersonalDataConsent",
      "coalition.redemption.v1.RedemptionService/QuoteRedemption",
      "coalition.redemption.v1.RedemptionService/ListRewards",
  };
  return *methods;
}

bool PartnerMay(const std::string& service, const std::string& name) {
  return service == "coalition.earning.v1.EarningService" ||
         service == "coalition.redemption.v1.RedemptionService" || PartnerMethods().contains(name);
}

}  // namespace

absl::StatusOr<Backend> Authorize(const std::string& method, const Identity& who) {
  // "/package.Service/Method"
  const std::string name = method.empty() ? method : method.substr(1);
  const std::string service = name.substr(0, name.rfind('/'));
  const google::protobuf::ServiceDescriptor* described =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service);
  // A method the API does not have is UNIMPLEMENTED for everyone, before any role is asked:
  // whether a caller may call it is not a question.
  if (described == nullptr || described->FindMethodByName(name.substr(name.rfind('/') + 1)) ==
                                  nullptr) {
    return absl::UnimplementedError(absl::StrCat("the gateway serves no method ", method));
  }
  Backend backend;
  if (service == "coalition.account.v1.LedgerService") {
    // The raw ledger, for the services only: through it the operator could post points no
    // business operation stands behind.
    return absl::UnimplementedError(
        absl::StrCat("the gateway serves no method ", method,
                     " (the ledger is internal; the operator reads it with "
                     "AccountAdminService.ListLedgerPostings)"));
  } else if (absl::StartsWith(service, "coalition.account.") ||
             absl::StartsWith(service, "coalition.admin.") ||
             absl::StartsWith(service, "coalition.sandbox.")) {
    backend = Backend::kAccount;
  } else if (absl::StartsWith(service, "coalition.earning.")) {
    backend = Backend::kEarning;
  } else if (absl::StartsWith(service, "coalition.redemption.")) {
    backend = Backend::kRedemption;
  } else if (absl::StartsWith(service, "coalition.settlement.")) {
    backend = Backend::kSettlement;
  } else if (absl::StartsWith(service, "coalition.gateway.")) {
    backend = Backend::kGateway;  // the operator's only: no other role lists its methods
  } else {
    return absl::UnimplementedError(absl::StrCat("the gateway serves no method ", method));
  }
  const bool allowed = who.role == Role::kOperator ||
                       (who.role == Role::kPartner && PartnerMay(service, name)) ||
                       (who.role == Role::kMobile && MobileMethods().contains(name));
  if (!allowed) {
    return absl::PermissionDeniedError(
        absl::StrCat("'", who.caller, "' may not call ", name.substr(name.rfind('/') + 1),
                     who.role == Role::kPartner ? " (operator only)" : ""));
  }
  return backend;
}

}  // namespace coalition::gateway
