// The authorisation matrix (issue 15): every method of every service in the public API, taken
// from the proto descriptors at run time, called through the real gateway over real TLS by each
// of seven roles, against real objects their owner made. Each answer must be what the expectation
// table below says for the method's class and the role; a refused call must move neither the
// ledger nor any row of any service's tables. A method nobody classified fails the test, so a new
// RPC is covered without anyone remembering to add it.
//
// The table the gateway answered is also the one in docs/gateway.md ("Authorisation matrix"):
// the test fails when they differ. After an intended change, regenerate the doc with
//   COALITION_WRITE_MATRIX=1 scripts/test.sh -R integration.gateway_matrix
// and review the diff.
#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"
#include "coalition/gateway/v1/access.grpc.pb.h"
#include "coalition/gateway/v1/audit.grpc.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "grpcpp/impl/client_unary_call.h"
#include "grpcpp/support/sync_stream.h"
#include "gtest/gtest.h"
#include "services/common/read_file.h"
#include "services/common/status_macros.h"
#include "tests/integration/gateway_fixture.h"

namespace coalition::testing {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::MethodDescriptor;

// ---------------------------------------------------------------------------------------------
// The roles, as the table's columns.

enum Role : size_t {
  kOperator,
  kOwner,
  kOtherPartner,
  kOtherAsItself,
  kOtherPartnersApp,
  kCoalitionApp,
  kNoIdentity
};
constexpr std::array kRoles = {kOperator,         kOwner,        kOtherPartner, kOtherAsItself,
                               kOtherPartnersApp, kCoalitionApp, kNoIdentity};
constexpr std::array<const char*, kRoles.size()> kRoleNames = {
    "operator",
    "owner partner",  // the partner whose member, holds, redemption, purchases... are named
    "other partner",  // another partner, sending the very same request
    // The same request naming itself where it named the owner (partner_id), the owner's objects
    // still named: what the services' own checks answer behind the gateway's.
    "other partner, as itself",
    "other partner's app",  // a mobile backend registered for the other partner's members
    "coalition app",        // a mobile backend registered for all members
    "no certificate",
};

// ---------------------------------------------------------------------------------------------
// The answers, as the table's cells.

enum Cell : size_t { kOk, kDenied, kNotFound, kUnauth, kUnimpl, kOther };

// OK means let through: the service answered by its business rules, with the answer or a
// business refusal (FAILED_PRECONDITION: a hold captured already, a post-paid partner buying a
// block). INVALID_ARGUMENT is not OK here: the test's request must be valid, or it proves nothing.
Cell CellOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
    case grpc::StatusCode::FAILED_PRECONDITION:
      return kOk;
    case grpc::StatusCode::PERMISSION_DENIED:
      return kDenied;
    case grpc::StatusCode::NOT_FOUND:
      return kNotFound;
    case grpc::StatusCode::UNAUTHENTICATED:
      return kUnauth;
    case grpc::StatusCode::UNIMPLEMENTED:
      return kUnimpl;
    default:
      return kOther;
  }
}

std::string CodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

std::string CellText(Cell cell, grpc::StatusCode code) {
  switch (cell) {
    case kOk:
      return "OK";
    case kDenied:
      return "DENIED";
    case kNotFound:
      return "NOT_FOUND";
    case kUnauth:
      return "UNAUTH";
    case kUnimpl:
      return "UNIMPL";
    case kOther:
      break;
  }
  return CodeName(code);  // never expected: shows in the table as it came
}

// ---------------------------------------------------------------------------------------------
// The expectation table: what each role gets from each class of method.

enum MethodClass {
  kOperatorOnly,    // admin and operator-only methods
  kInternal,        // never routed: the raw ledger
  kActsAsPartner,   // a partner's own business; the request names the partner (partner_id)
  kNamedByPartner,  // a partner's own object, named by the partner and its own id for it
  kPartnersObject,  // a partner's own object, named by its id (hold, redemption, purchase)
  kMemberRead,      // reads a member: partners and apps, within their members
  kCatalogue,       // a partner's rewards, for partners and every app
  kMembersConsent,  // the member's word: the service desk (operator) and apps
};

using Row = std::array<Cell, kRoles.size()>;
// clang-format off
// Columns: operator, owner partner, other partner, other partner as itself, other partner's app,
// coalition app, no certificate.
const std::map<MethodClass, Row> kExpected = {
    {kOperatorOnly,   {kOk,     kDenied, kDenied,   kDenied,   kDenied, kDenied, kUnauth}},
    {kInternal,       {kUnimpl, kUnimpl, kUnimpl,   kUnimpl,   kUnimpl, kUnimpl, kUnauth}},
    {kActsAsPartner,  {kOk,     kOk,     kDenied,   kOk,       kDenied, kDenied, kUnauth}},
    {kNamedByPartner, {kOk,     kOk,     kDenied,   kNotFound, kDenied, kDenied, kUnauth}},
    {kPartnersObject, {kOk,     kOk,     kNotFound, kNotFound, kDenied, kDenied, kUnauth}},
    {kMemberRead,     {kOk,     kOk,     kDenied,   kDenied,   kDenied, kOk,     kUnauth}},
    {kCatalogue,      {kOk,     kOk,     kDenied,   kOk,       kOk,     kOk,     kUnauth}},
    {kMembersConsent, {kOk,     kDenied, kDenied,   kDenied,   kDenied, kOk,     kUnauth}},
};
// clang-format on

// Every method of the public API, by class. A method missing here fails the test.
const std::map<std::string, MethodClass> kClassOf = {
    {"AccountService.EnrollMember", kActsAsPartner},
    {"AccountService.GetMember", kMemberRead},
    {"AccountService.SetPersonalDataConsent", kMembersConsent},
    {"AccountService.GetBalance", kMemberRead},
    {"AccountService.ListTransactions", kMemberRead},
    {"AccountService.GetMemberSummary", kMemberRead},
    {"AccountService.ListTierChanges", kMemberRead},
    {"AccountService.GetMemberTier", kMemberRead},
    {"AccountService.TransferPoints", kOperatorOnly},
    {"AccountService.CreateHousehold", kOperatorOnly},
    {"AccountService.AddHouseholdMember", kOperatorOnly},
    {"AccountService.RemoveHouseholdMember", kOperatorOnly},
    {"AccountService.GetHousehold", kOperatorOnly},
    {"AccountService.WatchMemberEvents", kMemberRead},
    {"AccountAdminService.ListLedgerPostings", kOperatorOnly},
    {"AccountAdminService.RunExpiry", kOperatorOnly},
    {"AccountAdminService.SetTierLadder", kOperatorOnly},
    {"AccountAdminService.GetTierLadder", kOperatorOnly},
    {"AccountAdminService.RunTierReview", kOperatorOnly},
    {"AccountAdminService.SetMemberState", kOperatorOnly},
    {"AccountAdminService.CloseMember", kOperatorOnly},
    {"AccountAdminService.MergeMembers", kOperatorOnly},
    {"AccountAdminService.EraseMember", kOperatorOnly},
    {"AccountAdminService.RunPiiRekey", kOperatorOnly},
    {"AccountAdminService.SetBonusProgram", kOperatorOnly},
    {"AccountAdminService.GetBonusProgram", kOperatorOnly},
    {"AccountAdminService.CreateCorporateAccount", kOperatorOnly},
    {"AccountAdminService.GetCorporateAccount", kOperatorOnly},
    {"AccountAdminService.LinkMemberToCorporate", kOperatorOnly},
    {"LedgerService.CreatePosting", kInternal},
    {"LedgerService.CreatePostings", kInternal},
    {"LedgerService.ListPostings", kInternal},
    {"PartnerAdminService.CreatePartner", kOperatorOnly},
    {"PartnerAdminService.GetPartner", kOperatorOnly},
    {"PartnerAdminService.ListPartners", kOperatorOnly},
    {"PartnerAdminService.SetPartnerState", kOperatorOnly},
    {"PartnerAdminService.PublishPartnerTerms", kOperatorOnly},
    {"PartnerAdminService.ListPartnerTerms", kOperatorOnly},
    {"PartnerAdminService.BuyPointBlock", kOperatorOnly},
    {"PartnerAdminService.ListPartnerAlerts", kOperatorOnly},
    {"EarningService.RecordPurchase", kActsAsPartner},
    {"EarningService.RecordPurchases", kActsAsPartner},
    {"EarningService.QuoteEarn", kActsAsPartner},
    {"EarningService.GetPurchase", kPartnersObject},
    {"EarningService.RefundPurchase", kNamedByPartner},
    {"EarningService.ConfirmPurchase", kNamedByPartner},
    {"EarningService.CancelPurchase", kNamedByPartner},
    {"EarnRulesAdminService.PublishEarnRules", kOperatorOnly},
    {"EarnRulesAdminService.ListEarnRules", kOperatorOnly},
    {"EarnRulesAdminService.LapsePendingPurchases", kOperatorOnly},
    {"RedemptionService.Redeem", kActsAsPartner},
    {"RedemptionService.HoldPoints", kActsAsPartner},
    {"RedemptionService.CapturePoints", kPartnersObject},
    {"RedemptionService.VoidHold", kPartnersObject},
    {"RedemptionService.GetHold", kPartnersObject},
    {"RedemptionService.QuoteRedemption", kMemberRead},
    {"RedemptionService.RefundRedemption", kPartnersObject},
    {"RedemptionService.ListRewards", kCatalogue},
    {"RedemptionService.OrderReward", kNamedByPartner},
    {"RedemptionAdminService.ReleaseExpiredHolds", kOperatorOnly},
    {"RedemptionAdminService.FinishInterrupted", kOperatorOnly},
    {"RedemptionAdminService.PublishBurnTerms", kOperatorOnly},
    {"RedemptionAdminService.ListBurnTerms", kOperatorOnly},
    {"RedemptionAdminService.SetPartnerRedemptions", kOperatorOnly},
    {"RedemptionAdminService.SetBurnLimits", kOperatorOnly},
    {"RedemptionAdminService.GetBurnLimits", kOperatorOnly},
    {"RedemptionAdminService.ListBurnRefusals", kOperatorOnly},
    {"RedemptionAdminService.PutReward", kOperatorOnly},
    {"SettlementService.GetStatement", kOperatorOnly},
    {"SettlementService.GetPartnerStatement", kActsAsPartner},
    {"SettlementAdminService.ClosePeriod", kOperatorOnly},
    {"SettlementAdminService.ListPeriods", kOperatorOnly},
    {"SettlementAdminService.GetPeriodReport", kOperatorOnly},
    {"SettlementAdminService.GetLiabilityReport", kOperatorOnly},
    // Served only by services started with --sandbox_clock (as in these tests); never in
    // production, where the service answers UNIMPLEMENTED.
    {"SandboxClockService.AdvanceClock", kOperatorOnly},
    {"SandboxClockService.GetClockTime", kOperatorOnly},
    // Served by the gateway itself.
    {"AccessService.IssueApiKey", kOperatorOnly},
    {"AccessService.RotateApiKey", kOperatorOnly},
    {"AccessService.RevokeApiKey", kOperatorOnly},
    {"AccessService.ListApiKeys", kOperatorOnly},
    {"AccessService.SetMobileBackend", kOperatorOnly},
    {"AuditService.ListAuditRecords", kOperatorOnly},
};

// ---------------------------------------------------------------------------------------------
// The requests. Each is built from its descriptor: every field named below is set, by name, to
// the fixture's objects ({member} is the owner's member, {hold} its hold...), so an
// object-addressed call reaches a real object. {fresh} is a new unique id per request.

const std::map<std::string, std::string> kFieldValues = {
    {"request_id", "{fresh}"},
    {"partner_id", "{owner}"},
    {"member_id", "{member}"},
    {"hold_id", "{hold}"},
    {"redemption_id", "{redemption}"},
    {"purchase_id", "{purchase}"},
    {"partner_transaction_id", "{fresh}"},
    {"partner_refund_id", "{fresh}"},
    {"points", "1"},
    {"amount_minor", "1000"},
    {"bill_amount_minor", "10000"},
    {"currency", "EUR"},
    {"category", "test"},
    {"display_name", "Matrix"},
    {"reason", "authorisation matrix"},
    {"from_member_id", "{member}"},
    {"to_member_id", "{recipient}"},
    {"owner_member_id", "{founder}"},
    {"source_member_id", "{merged}"},
    {"target_member_id", "{recipient}"},
    {"household_id", "{household}"},
    {"corporate_id", "{corporate}"},
    {"reward_id", "{reward}"},
    {"quantity", "1"},
    {"key_id", "{key}"},
    {"identity", "partner:{owner}"},
    {"period_start", "{period_start}"},
    {"period_end", "{period_end}"},
    {"enabled", "true"},
    {"granted", "true"},
    {"seconds", "1"},
};

// The few requests the names above do not make: fields left out, and fields set from text
// format (each replaces the field it names).
struct Recipe {
  std::vector<std::string> omit;
  std::string text;
};
const std::map<std::string, Recipe> kRecipes = {
    // Exactly one way to name the member.
    {"AccountService.GetMember", {{"partner_id"}, ""}},
    {"AccountService.GetMemberSummary", {{"partner_id"}, ""}},
    // From the member's own points, not a household's pool.
    {"RedemptionService.Redeem", {{"household_id"}, ""}},
    // The member lifecycle on a member of the owner's kept for it, not the one the rest use.
    {"AccountAdminService.SetMemberState", {{}, R"(member_id: "{doomed}" state: SUSPENDED)"}},
    {"AccountAdminService.CloseMember", {{}, R"(member_id: "{doomed}")"}},
    {"AccountAdminService.EraseMember", {{}, R"(member_id: "{doomed}")"}},
    {"AccountAdminService.SetTierLadder",
     {{},
      R"(window_months: 12
         levels { tier_id: "base" display_name: "Base" qualifying_points: 0
                  earn_multiplier_bp: 10000 })"}},
    {"AccountAdminService.SetBonusProgram",
     {{},
      R"(program { enrollment_bonus_points: 10 referral_bonus_points: 10
                   referral_min_points: 10 })"}},
    // Were it ever routed, a mint of a million points.
    {"LedgerService.CreatePosting",
     {{},
      R"(type: EARN
         legs { account { kind: PARTNER_ISSUED owner_id: "{owner}" } points: -1000000 }
         legs { account { kind: MEMBER owner_id: "{member}" } points: 1000000 })"}},
    {"LedgerService.CreatePostings",
     {{},
      R"(postings { type: EARN
                   legs { account { kind: PARTNER_ISSUED owner_id: "{owner}" } points: -1000000 }
                   legs { account { kind: MEMBER owner_id: "{member}" } points: 1000000 } })"}},
    {"PartnerAdminService.CreatePartner",
     {{},
      R"(partner { partner_id: "{fresh}" display_name: "Matrix" currency: "EUR"
                   earn_rate { points: 1 per_amount_minor: 100 }
                   issuance_price { amount_minor: 1 per_points: 1 }
                   reimbursement_price { amount_minor: 8 per_points: 10 } })"}},
    {"PartnerAdminService.SetPartnerState", {{}, R"(partner_id: "{bystander}" state: SUSPENDED)"}},
    {"PartnerAdminService.PublishPartnerTerms",
     {{},
      R"(terms { partner_id: "{owner}" issuance_price { amount_minor: 1 per_points: 1 }
                 reimbursement_price { amount_minor: 8 per_points: 10 } })"}},
    {"EarningService.RefundPurchase", {{}, R"(partner_transaction_id: "{purchase_transaction}")"}},
    {"EarningService.ConfirmPurchase", {{}, R"(partner_transaction_id: "{pending_to_confirm}")"}},
    {"EarningService.CancelPurchase", {{}, R"(partner_transaction_id: "{pending_to_cancel}")"}},
    {"EarnRulesAdminService.PublishEarnRules",
     {{}, R"(rules { partner_id: "{owner}" base_rate { points: 1 per_amount_minor: 100 } })"}},
    {"RedemptionService.VoidHold", {{}, R"(hold_id: "{hold_to_void}")"}},
    {"RedemptionAdminService.PublishBurnTerms",
     {{},
      R"(terms { partner_id: "{owner}" value_amount_minor: 1 value_per_points: 1
                 max_bill_share_bp: 10000 min_points: 1 })"}},
    {"RedemptionAdminService.ListBurnRefusals", {{"partner_id"}, ""}},  // one of the two
    {"RedemptionAdminService.PutReward",
     {{},
      R"(reward { reward_id: "{fresh}" partner_id: "{owner}" name: "Matrix" points_price: 10
                  stock: 10 available: true })"}},
    {"AccessService.RevokeApiKey", {{}, R"(key_id: "{key_to_revoke}")"}},
    {"AccessService.SetMobileBackend",
     {{}, R"(backend { mobile_id: "spare-app" all_members: true })"}},
};

// "AccountService.GetBalance"
std::string ShortName(const MethodDescriptor& method) {
  return absl::StrCat(method.service()->name(), ".", method.name());
}

absl::Status SetByName(Message& message, const FieldDescriptor& field, const std::string& value) {
  const google::protobuf::Reflection& reflection = *message.GetReflection();
  int64_t number = 0;
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      reflection.SetString(&message, &field, value);
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_BOOL:
      reflection.SetBool(&message, &field, value == "true");
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_INT32:
      if (!absl::SimpleAtoi(value, &number)) break;
      if (field.cpp_type() == FieldDescriptor::CPPTYPE_INT64) {
        reflection.SetInt64(&message, &field, number);
      } else {
        reflection.SetInt32(&message, &field, static_cast<int32_t>(number));
      }
      return absl::OkStatus();
    default:
      break;
  }
  return absl::InvalidArgumentError(
      absl::StrCat(field.full_name(), ": cannot set '", value, "'; give it a Recipe"));
}

// Sets every field kFieldValues names (one per oneof); a batch (repeated messages) gets one item
// filled the same way.
absl::Status FillByName(Message& message, const std::map<std::string, std::string>& objects,
                        bool top_level = true) {
  const google::protobuf::Descriptor& type = *message.GetDescriptor();
  const google::protobuf::Reflection& reflection = *message.GetReflection();
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor& field = *type.field(i);
    if (field.real_containing_oneof() != nullptr &&
        reflection.HasOneof(message, field.real_containing_oneof())) {
      continue;
    }
    if (field.is_repeated()) {
      if (top_level && !field.is_map() && field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        RETURN_IF_ERROR(FillByName(*reflection.AddMessage(&message, &field), objects, false));
      }
      continue;
    }
    const auto value = kFieldValues.find(field.name());
    if (value == kFieldValues.end()) continue;
    RETURN_IF_ERROR(SetByName(message, field, absl::StrReplaceAll(value->second, objects)));
  }
  return absl::OkStatus();
}

// The request `method` is called with. `objects` maps "{member}" and the like to the fixture's
// ids, and "{fresh}" to a new unique id.
absl::StatusOr<std::unique_ptr<Message>> RequestFor(
    const MethodDescriptor& method, const std::map<std::string, std::string>& objects) {
  std::unique_ptr<Message> request(google::protobuf::MessageFactory::generated_factory()
                                       ->GetPrototype(method.input_type())
                                       ->New());
  RETURN_IF_ERROR(FillByName(*request, objects));
  const auto recipe = kRecipes.find(ShortName(method));
  if (recipe == kRecipes.end()) return request;
  const google::protobuf::Reflection& reflection = *request->GetReflection();
  for (const std::string& name : recipe->second.omit) {
    const FieldDescriptor* field = method.input_type()->FindFieldByName(name);
    if (field == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(ShortName(method), ": its recipe omits '",
                                                     name, "', which it does not have"));
    }
    reflection.ClearField(request.get(), field);
  }
  std::unique_ptr<Message> patch(request->New());
  if (!google::protobuf::TextFormat::ParseFromString(
          absl::StrReplaceAll(recipe->second.text, objects), patch.get())) {
    return absl::InvalidArgumentError(
        absl::StrCat(ShortName(method), ": its recipe does not parse"));
  }
  std::vector<const FieldDescriptor*> replaced;
  patch->GetReflection()->ListFields(*patch, &replaced);
  for (const FieldDescriptor* field : replaced) reflection.ClearField(request.get(), field);
  request->MergeFrom(*patch);
  return request;
}

// ---------------------------------------------------------------------------------------------
// The methods, from the descriptors.

// Touches one message of each API file, so the linker keeps them and their descriptors are in
// the generated pool. A new proto file fails the test until it is added here.
void LinkEveryApiFile() {
  for (const google::protobuf::Descriptor* descriptor :
       {account::v1::GetBalanceRequest::descriptor(), admin::v1::GetPartnerRequest::descriptor(),
        earning::v1::GetPurchaseRequest::descriptor(), redemption::v1::GetHoldRequest::descriptor(),
        settlement::v1::GetStatementRequest::descriptor(),
        sandbox::v1::GetClockTimeRequest::descriptor(),
        gateway::v1::ListApiKeysRequest::descriptor(),
        gateway::v1::ListAuditRecordsRequest::descriptor()}) {
    (void)descriptor;
  }
}

// Every method of every service in the API's proto files (protos/coalition/...), in file order.
// A file that is not in the generated pool is a `problem`.
std::vector<const MethodDescriptor*> PublicMethods(std::vector<std::string>& problems) {
  LinkEveryApiFile();
  const std::filesystem::path root = std::filesystem::path(COALITION_SOURCE_DIR) / "protos";
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root / "coalition")) {
    if (entry.path().extension() == ".proto") {
      files.push_back(std::filesystem::relative(entry.path(), root).string());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<const MethodDescriptor*> methods;
  for (const std::string& name : files) {
    const google::protobuf::FileDescriptor* file =
        google::protobuf::DescriptorPool::generated_pool()->FindFileByName(name);
    if (file == nullptr) {
      problems.push_back(absl::StrCat(name,
                                      " is not linked into this test: touch one of its "
                                      "messages in LinkEveryApiFile()"));
      continue;
    }
    for (int s = 0; s < file->service_count(); ++s) {
      for (int m = 0; m < file->service(s)->method_count(); ++m) {
        methods.push_back(file->service(s)->method(m));
      }
    }
  }
  return methods;
}

// ---------------------------------------------------------------------------------------------
// Calls by descriptor, through the plumbing generated stubs use, so any method can be called
// without its stub. A stream's first message is enough: the call was let through. A method that
// streams requests (none today) goes as one message; the gateway answers it UNIMPLEMENTED.

grpc::Status CallMethod(grpc::Channel& channel, const MethodDescriptor& method,
                        const Message& request) {
  const std::string path = absl::StrCat("/", method.service()->full_name(), "/", method.name());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  std::unique_ptr<Message> response(google::protobuf::MessageFactory::generated_factory()
                                        ->GetPrototype(method.output_type())
                                        ->New());
  if (!method.server_streaming()) {
    return grpc::internal::BlockingUnaryCall<Message, Message>(
        &channel, grpc::internal::RpcMethod(path.c_str(), grpc::internal::RpcMethod::NORMAL_RPC),
        &context, request, response.get());
  }
  std::unique_ptr<grpc::ClientReader<Message>> reader(
      grpc::internal::ClientReaderFactory<Message>::Create(
          &channel,
          grpc::internal::RpcMethod(path.c_str(), grpc::internal::RpcMethod::SERVER_STREAMING),
          &context, request));
  if (reader->Read(response.get())) {
    context.TryCancel();
    (void)reader->Finish();
    return grpc::Status::OK;
  }
  return reader->Finish();
}

// ---------------------------------------------------------------------------------------------
// What a refused call must not change: the ledger's last posting, and every row of every
// service's tables (a checksum per table sees an update as well as an insert or a delete).

struct Footprint {
  int64_t ledger_sequence = 0;
  std::map<std::string, std::string> checksums;  // by "schema.table"
};

// What moved between `before` and `after`; empty if nothing did.
std::string Moved(const Footprint& before, const Footprint& after) {
  std::vector<std::string> moved;
  if (after.ledger_sequence != before.ledger_sequence) {
    moved.push_back(absl::StrCat("the ledger (sequence ", before.ledger_sequence, " -> ",
                                 after.ledger_sequence, ")"));
  }
  for (const auto& [table, checksum] : after.checksums) {
    const auto was = before.checksums.find(table);
    if (was == before.checksums.end() || was->second != checksum) moved.push_back(table);
  }
  return absl::StrJoin(moved, ", ");
}

// ---------------------------------------------------------------------------------------------
// The table as docs/gateway.md shows it.

constexpr std::string_view kTableBegin =
    "<!-- The authorisation matrix, as tests/integration/gateway_matrix_test.cc observed it -->\n";
constexpr std::string_view kTableEnd = "<!-- End of the authorisation matrix -->\n";

struct Answer {
  grpc::StatusCode code = grpc::StatusCode::UNKNOWN;
  std::string message;
};

std::string RenderTable(const std::vector<const MethodDescriptor*>& methods,
                        const std::vector<std::array<Answer, kRoles.size()>>& answers) {
  std::string table = absl::StrCat("| method | ", absl::StrJoin(kRoleNames, " | "), " |\n|---|");
  for (size_t i = 0; i < kRoles.size(); ++i) absl::StrAppend(&table, "---|");
  absl::StrAppend(&table, "\n");
  for (size_t m = 0; m < methods.size(); ++m) {
    absl::StrAppend(&table, "| `", ShortName(*methods[m]), "` |");
    for (const Answer& answer : answers[m]) {
      absl::StrAppend(&table, " ", CellText(CellOf(answer.code), answer.code), " |");
    }
    absl::StrAppend(&table, "\n");
  }
  return table;
}

// ---------------------------------------------------------------------------------------------

template <typename Response>
Response Must(const CallResult<Response>& result, absl::string_view what) {
  EXPECT_TRUE(result.status.ok()) << what << ": " << result.status.error_message();
  return result.response;
}

class GatewayMatrix : public Gateway {
 protected:
  // A gateway of its own whose rate limits never trip: the matrix makes hundreds of calls, with
  // and without credentials.
  void SetUp() override {
    if (gateway_port_ != 0) return;
    tls_dir_ = absl::StrCat(platform().work_dir(), "/certs");
    MakeCertificates(tls_dir_, {"operator", "mobile:other-app", "mobile:coalition-app"});
    absl::StatusOr<int> port = platform().StartGateway(
        tls_dir_, {"--rate_per_s=100000", "--rate_burst=100000",
                   "--unauthenticated_rate_per_s=100000", "--unauthenticated_burst=100000"});
    ASSERT_TRUE(port.ok()) << port.status();
    gateway_port_ = *port;
  }

  // The objects the requests name, each made by its owner through the gateway: the owner
  // partner's members, purchases, holds and redemption; the operator's household, company, API
  // keys and closed settlement period; and the two apps' registrations.
  void MakeObjects() {
    const std::string owner = CertifiedPartner();
    const std::string other = CertifiedPartner();
    channels_ = {ChannelAs("operator"),
                 ChannelAs(absl::StrCat("partner:", owner)),
                 ChannelAs(absl::StrCat("partner:", other)),
                 ChannelAs(absl::StrCat("partner:", other)),
                 ChannelAs("mobile:other-app"),
                 ChannelAs("mobile:coalition-app"),
                 ChannelAs("")};
    objects_["{owner}"] = owner;
    objects_["{other}"] = other;
    objects_["{bystander}"] = NewPartner();  // a partner the operator may suspend

    auto access = gateway::v1::AccessService::NewStub(channels_[kOperator]);
    for (const auto& [app, partner] : {std::pair<std::string, std::string>{"other-app", other},
                                       std::pair<std::string, std::string>{"coalition-app", ""}}) {
      gateway::v1::SetMobileBackendRequest request;
      request.set_request_id(UniqueId("app"));
      request.mutable_backend()->set_mobile_id(app);
      if (partner.empty()) {
        request.mutable_backend()->set_all_members(true);
      } else {
        request.mutable_backend()->set_members_of_partner_id(partner);
      }
      Must(Call(*access, &gateway::v1::AccessService::Stub::SetMobileBackend, request), app);
    }
    for (const char* key : {"{key}", "{key_to_revoke}"}) {
      gateway::v1::IssueApiKeyRequest request;
      request.set_request_id(UniqueId("key"));
      request.set_identity(absl::StrCat("partner:", owner));
      objects_[key] =
          Must(Call(*access, &gateway::v1::AccessService::Stub::IssueApiKey, request), key)
              .key()
              .key_id();
    }

    // The owner's burn terms and a reward, which the operator sets.
    auto redemption_admin = redemption::v1::RedemptionAdminService::NewStub(channels_[kOperator]);
    redemption::v1::PublishBurnTermsRequest terms;
    terms.set_request_id(UniqueId("terms"));
    terms.mutable_terms()->set_partner_id(owner);
    terms.mutable_terms()->set_value_amount_minor(1);
    terms.mutable_terms()->set_value_per_points(1);
    terms.mutable_terms()->set_max_bill_share_bp(10'000);
    terms.mutable_terms()->set_min_points(1);
    Must(Call(*redemption_admin, &redemption::v1::RedemptionAdminService::Stub::PublishBurnTerms,
              terms),
         "burn terms");
    redemption::v1::PutRewardRequest reward;
    reward.set_request_id(UniqueId("reward"));
    reward.mutable_reward()->set_reward_id("matrix-night");
    reward.mutable_reward()->set_partner_id(owner);
    reward.mutable_reward()->set_name("A night");
    reward.mutable_reward()->set_points_price(10);
    reward.mutable_reward()->set_stock(100);
    reward.mutable_reward()->set_available(true);
    objects_["{reward}"] =
        Must(Call(*redemption_admin, &redemption::v1::RedemptionAdminService::Stub::PutReward,
                  reward),
             "reward")
            .reward_id();

    // The owner's members: {member}, whom most requests name, and those the operator's calls
    // change for good (closed, merged) or give a role (a household's owner).
    auto accounts = account::v1::AccountService::NewStub(channels_[kOwner]);
    for (const char* name :
         {"{member}", "{recipient}", "{founder}", "{householder}", "{doomed}", "{merged}"}) {
      account::v1::EnrollMemberRequest request;
      request.set_request_id(UniqueId("enroll"));
      request.set_partner_id(owner);
      request.set_display_name("Matrix member");
      objects_[name] =
          Must(Call(*accounts, &account::v1::AccountService::Stub::EnrollMember, request), name)
              .member_id();
    }
    const std::string member = objects_["{member}"];

    auto earning = earning::v1::EarningService::NewStub(channels_[kOwner]);
    earning::v1::RecordPurchaseRequest bought = PurchaseRequest(member, owner, 100'000);
    objects_["{purchase}"] =
        Must(Call(*earning, &earning::v1::EarningService::Stub::RecordPurchase, bought),
             "purchase")
            .purchase_id();  // 1,000 points
    objects_["{purchase_transaction}"] = bought.partner_transaction_id();
    for (const char* name : {"{pending_to_confirm}", "{pending_to_cancel}"}) {
      earning::v1::RecordPurchaseRequest pending = PurchaseRequest(member, owner, 1'000);
      pending.set_pending(true);
      Must(Call(*earning, &earning::v1::EarningService::Stub::RecordPurchase, pending), name);
      objects_[name] = pending.partner_transaction_id();
    }

    auto redemption = redemption::v1::RedemptionService::NewStub(channels_[kOwner]);
    for (const char* name : {"{hold}", "{hold_to_void}"}) {
      redemption::v1::HoldPointsRequest hold;
      hold.set_request_id(UniqueId("hold"));
      hold.set_partner_id(owner);
      hold.set_member_id(member);
      hold.set_points(100);
      objects_[name] =
          Must(Call(*redemption, &redemption::v1::RedemptionService::Stub::HoldPoints, hold), name)
              .hold_id();
    }
    redemption::v1::RedeemRequest redeem;
    redeem.set_request_id(UniqueId("redeem"));
    redeem.set_partner_id(owner);
    redeem.set_member_id(member);
    redeem.set_points(50);
    objects_["{redemption}"] =
        Must(Call(*redemption, &redemption::v1::RedemptionService::Stub::Redeem, redeem),
             "redemption")
            .redemption_id();

    // The operator's household (of the householder) and company.
    auto operator_accounts = account::v1::AccountService::NewStub(channels_[kOperator]);
    account::v1::CreateHouseholdRequest household;
    household.set_request_id(UniqueId("household"));
    household.set_owner_member_id(objects_["{householder}"]);
    household.set_display_name("Matrix household");
    objects_["{household}"] =
        Must(Call(*operator_accounts, &account::v1::AccountService::Stub::CreateHousehold,
                  household),
             "household")
            .household_id();
    account::v1::CreateCorporateAccountRequest company;
    company.set_request_id(UniqueId("company"));
    company.set_display_name("Matrix company");
    objects_["{corporate}"] =
        Must(Call(*account::v1::AccountAdminService::NewStub(channels_[kOperator]),
                  &account::v1::AccountAdminService::Stub::CreateCorporateAccount, company),
             "company")
            .corporate_id();

    // Yesterday's settlement period, closed (the day has ended, and no earlier one is open).
    const absl::CivilDay yesterday =
        absl::ToCivilDay(ClockNow(platform().settlement_clock()), absl::UTCTimeZone()) - 1;
    objects_["{period_start}"] = absl::FormatCivilTime(yesterday);
    objects_["{period_end}"] = absl::FormatCivilTime(yesterday + 1);
    auto settlement_admin = settlement::v1::SettlementAdminService::NewStub(channels_[kOperator]);
    settlement::v1::ClosePeriodRequest close;
    close.set_request_id(UniqueId("close"));
    close.set_period_start(objects_["{period_start}"]);
    // Until it is closed (a backlog takes several calls): its follower has then caught up with
    // the ledger, and moves no more while nothing posts.
    settlement::v1::Period period;
    for (int calls = 0; calls < 100'000 && period.state() != settlement::v1::Period::CLOSED;
         ++calls) {
      period = Must(Call(*settlement_admin,
                         &settlement::v1::SettlementAdminService::Stub::ClosePeriod, close),
                    "close");
    }
    ASSERT_EQ(period.state(), settlement::v1::Period::CLOSED);
  }

  // The tables a refused call must leave alone: every table of every service's schema and the
  // gateway's but these. The gateway's audit log records refused calls on purpose. Settlement's
  // running totals are its copy of the ledger, which its follower brings up to date every second
  // in the background; the ledger itself is watched.
  void WatchTables() {
    const std::set<std::string> unwatched = {
        absl::StrCat(platform().schema("gateway"), ".audit_log"),
        absl::StrCat(platform().schema("settlement"), ".follow_cursor"),
        absl::StrCat(platform().schema("settlement"), ".day_facts"),
        absl::StrCat(platform().schema("settlement"), ".period_totals"),
    };
    absl::StatusOr<WhiteBox> db = ServiceDb("account");
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::make_unique<WhiteBox>(*std::move(db));
    std::vector<std::string> schemas;
    for (const char* service : {"account", "earning", "redemption", "settlement", "gateway"}) {
      schemas.push_back(absl::StrCat("'", platform().schema(service), "'"));
    }
    auto rows = db_->Query(
        absl::StrCat("SELECT table_schema AS s, table_name AS t FROM information_schema.tables"
                     " WHERE table_type = 'BASE TABLE' AND table_schema IN (",
                     absl::StrJoin(schemas, ", "), ") ORDER BY s, t"));
    ASSERT_TRUE(rows.ok()) << rows.status();
    std::vector<std::string> tables;
    for (const auto& row : *rows) {
      const std::string& schema = row.Str(0);
      const std::string& table = row.Str(1);
      if (unwatched.contains(absl::StrCat(schema, ".", table))) continue;
      tables.push_back(absl::StrCat("`", schema, "`.`", table, "`"));
    }
    ASSERT_GT(tables.size(), 40u) << "the services' tables were not found";
    checksum_tables_ = absl::StrCat("CHECKSUM TABLE ", absl::StrJoin(tables, ", "));
  }

  Footprint TakeFootprint() {
    Footprint footprint;
    footprint.ledger_sequence = LastLedgerSequence();
    auto rows = db_->Query(checksum_tables_);
    EXPECT_TRUE(rows.ok()) << rows.status();
    if (!rows.ok()) return footprint;
    for (const auto& row : *rows) footprint.checksums[row.Str(0)] = row.Str(1);  // Table, Checksum
    return footprint;
  }

  // Calls `method` as `role`, with the request the fixture's objects make for it.
  Answer Ask(const MethodDescriptor& method, Role role) {
    std::map<std::string, std::string> objects = objects_;
    objects["{fresh}"] = UniqueId("mx");
    if (role == kOtherAsItself) objects["{owner}"] = objects_["{other}"];
    absl::StatusOr<std::unique_ptr<Message>> request = RequestFor(method, objects);
    if (!request.ok()) {
      ADD_FAILURE() << request.status();
      return {grpc::StatusCode::INTERNAL, std::string(request.status().message())};
    }
    const grpc::Status status = CallMethod(*channels_[role], method, **request);
    return {status.error_code(), status.error_message()};
  }

  std::map<std::string, std::string> objects_;  // "{member}" -> its id, ...
  std::array<std::shared_ptr<grpc::Channel>, kRoles.size()> channels_;
  std::unique_ptr<WhiteBox> db_;
  std::string checksum_tables_;
};

TEST_F(GatewayMatrix, EveryMethodAnswersEveryRoleAsTheTableSays) {
  std::vector<std::string> problems;
  const std::vector<const MethodDescriptor*> methods = PublicMethods(problems);
  std::set<std::string> seen;
  for (const MethodDescriptor* method : methods) {
    const std::string name = ShortName(*method);
    if (!seen.insert(name).second) problems.push_back(absl::StrCat(name, " is named twice"));
    if (!kClassOf.contains(name)) {
      problems.push_back(absl::StrCat(
          name, " (", method->full_name(),
          ") is not classified: add it to kClassOf with its class of method, then regenerate "
          "docs/gateway.md's matrix (COALITION_WRITE_MATRIX=1, see the top of this file)"));
    }
  }
  for (const auto& [name, method_class] : kClassOf) {
    if (!seen.contains(name)) problems.push_back(absl::StrCat(name, " is no longer in the API"));
  }
  for (const auto& [name, recipe] : kRecipes) {
    if (!seen.contains(name)) problems.push_back(absl::StrCat(name, " has a recipe but no method"));
  }
  ASSERT_TRUE(problems.empty()) << absl::StrJoin(problems, "\n");

  ASSERT_NO_FATAL_FAILURE(MakeObjects());
  ASSERT_NO_FATAL_FAILURE(WatchTables());
  const auto expected = [&](size_t m, Role role) {
    return kExpected.at(kClassOf.at(ShortName(*methods[m])))[role];
  };
  std::vector<std::array<Answer, kRoles.size()>> answers(methods.size());

  // First every call the table refuses, each checked to change nothing. They come first, so
  // nothing let through runs between them, and each meets the objects as their owner left them.
  Footprint before = TakeFootprint();
  for (size_t m = 0; m < methods.size(); ++m) {
    for (Role role : kRoles) {
      if (expected(m, role) == kOk) continue;
      answers[m][role] = Ask(*methods[m], role);
      const Footprint after = TakeFootprint();
      const std::string moved = Moved(before, after);
      EXPECT_EQ(moved, "") << ShortName(*methods[m]) << " as " << kRoleNames[role] << " ("
                           << CodeName(answers[m][role].code) << ": " << answers[m][role].message
                           << ") moved rows";
      before = after;
    }
  }
  // Then the calls it lets through, the owner's before the operator's. They move the ledger and
  // rows in each service: the footprint sees what a call does.
  for (size_t m = 0; m < methods.size(); ++m) {
    for (Role role : {kOwner, kOperator, kOtherPartnersApp, kCoalitionApp, kOtherAsItself}) {
      if (expected(m, role) == kOk) answers[m][role] = Ask(*methods[m], role);
    }
  }
  const std::string moved = Moved(before, TakeFootprint());
  for (const char* service : {"account", "earning", "redemption", "gateway"}) {
    EXPECT_TRUE(absl::StrContains(moved, absl::StrCat(platform().schema(service), ".")))
        << service << "'s tables did not move, only " << moved;
  }
  EXPECT_TRUE(absl::StrContains(moved, "the ledger")) << moved;

  for (size_t m = 0; m < methods.size(); ++m) {
    for (Role role : kRoles) {
      const Answer& answer = answers[m][role];
      EXPECT_EQ(CellOf(answer.code), expected(m, role))
          << ShortName(*methods[m]) << " as " << kRoleNames[role] << ": expected "
          << CellText(expected(m, role), grpc::StatusCode::OK) << ", got " << CodeName(answer.code)
          << ": " << answer.message;
    }
  }

  // docs/gateway.md shows the table the gateway answered.
  const std::string observed = RenderTable(methods, answers);
  const std::string doc_path = absl::StrCat(COALITION_SOURCE_DIR, "/docs/gateway.md");
  std::string doc = ReadFile(doc_path);
  const size_t begin = doc.find(kTableBegin);
  const size_t end = doc.find(kTableEnd);
  ASSERT_TRUE(begin != std::string::npos && end != std::string::npos && begin < end)
      << doc_path << " has no authorisation matrix between the lines\n"
      << kTableBegin << kTableEnd;
  const size_t table_start = begin + kTableBegin.size();
  if (doc.substr(table_start, end - table_start) == observed) return;
  if (std::getenv("COALITION_WRITE_MATRIX") != nullptr) {
    doc.replace(table_start, end - table_start, observed);
    std::ofstream(doc_path) << doc;
    std::cout << "Rewrote the authorisation matrix in " << doc_path << "\n";
    return;
  }
  const std::string observed_path = absl::StrCat(platform().work_dir(), "/authorisation-matrix.md");
  std::ofstream(observed_path) << observed;
  ADD_FAILURE() << "docs/gateway.md's authorisation matrix is not what the gateway answered ("
                << observed_path << " is). If the change is meant, regenerate the doc: run this "
                << "test with COALITION_WRITE_MATRIX=1 and review the diff.";
}

}  // namespace
}  // namespace coalition::testing
