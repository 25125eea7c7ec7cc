#include "services/account/client/grpc/grpc_account_api.h"

#include "services/common/grpc/unary_call.h"

namespace coalition::account {
namespace {

// Runs one unary call with caller and deadline set, if the gate lets it.
template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> Invoke(CallGate* gate, Stub& stub,
                                UnaryMethod<Stub, Request, Response> method, const Request& request,
                                const UnaryCallOptions& options) {
  const CallGate::Pass pass(gate);
  if (!pass.entered()) return absl::UnavailableError("the account service is stopping");
  return UnaryCall(stub, method, request, options);
}

}  // namespace

void GrpcAccountApi::Connect() {
  absl::call_once(connect_once_, [this] {
    std::shared_ptr<grpc::Channel> channel = channel_source_();
    accounts_ = v1::AccountService::NewStub(channel);
    ledger_ = v1::LedgerService::NewStub(channel);
    partners_ = admin::v1::PartnerAdminService::NewStub(channel);
  });
}

absl::StatusOr<v1::Posting> GrpcAccountApi::CreatePosting(const v1::CreatePostingRequest& request) {
  Connect();
  return Invoke(gate_, *ledger_, &v1::LedgerService::Stub::CreatePosting, request,
                {.caller = caller_, .timeout = timeout_});
}

absl::StatusOr<v1::CreatePostingsResponse> GrpcAccountApi::CreatePostings(
    const v1::CreatePostingsRequest& request) {
  Connect();
  return Invoke(gate_, *ledger_, &v1::LedgerService::Stub::CreatePostings, request,
                {.caller = caller_, .timeout = timeout_});
}

absl::StatusOr<v1::ListPostingsResponse> GrpcAccountApi::ListPostings(int64_t after_sequence,
                                                                      int32_t page_size) {
  Connect();
  v1::ListPostingsRequest request;
  request.set_after_sequence(after_sequence);
  request.set_page_size(page_size);
  return Invoke(gate_, *ledger_, &v1::LedgerService::Stub::ListPostings, request,
                {.caller = caller_, .timeout = timeout_});
}

absl::StatusOr<admin::v1::Partner> GrpcAccountApi::GetPartner(const std::string& partner_id) {
  Connect();
  admin::v1::GetPartnerRequest request;
  request.set_partner_id(partner_id);
  return Invoke(gate_, *partners_, &admin::v1::PartnerAdminService::Stub::GetPartner, request,
                {.caller = caller_, .timeout = timeout_});
}

absl::StatusOr<admin::v1::ListPartnerTermsResponse> GrpcAccountApi::ListPartnerTerms(
    const std::string& partner_id) {
  Connect();
  admin::v1::ListPartnerTermsRequest request;
  request.set_partner_id(partner_id);
  return Invoke(gate_, *partners_, &admin::v1::PartnerAdminService::Stub::ListPartnerTerms, request,
                {.caller = caller_, .timeout = timeout_});
}

absl::StatusOr<v1::Member> GrpcAccountApi::GetMember(const std::string& member_id) {
  Connect();
  v1::GetMemberRequest request;
  request.set_member_id(member_id);
  return Invoke(gate_, *accounts_, &v1::AccountService::Stub::GetMember, request,
                {.caller = caller_, .timeout = timeout_});
}

absl::StatusOr<v1::MemberTier> GrpcAccountApi::GetMemberTier(const std::string& member_id) {
  Connect();
  v1::GetMemberTierRequest request;
  request.set_member_id(member_id);
  return Invoke(gate_, *accounts_, &v1::AccountService::Stub::GetMemberTier, request,
                {.caller = caller_, .timeout = timeout_});
}

absl::StatusOr<v1::Balance> GrpcAccountApi::GetBalance(
    const std::string& member_id, const std::optional<std::string>& member_scope) {
  Connect();
  v1::GetBalanceRequest request;
  request.set_member_id(member_id);
  return Invoke(gate_, *accounts_, &v1::AccountService::Stub::GetBalance, request,
                {.caller = caller_, .timeout = timeout_, .member_scope = member_scope});
}

}  // namespace coalition::account
