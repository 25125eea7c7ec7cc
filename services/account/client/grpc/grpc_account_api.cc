#include "services/account/client/grpc/grpc_account_api.h"

#include "services/common/grpc/call_context.h"
#include "services/common/grpc/grpc_status.h"

namespace coalition::account {
namespace {

// Runs one unary call with caller and deadline set, as absl::StatusOr, if the gate lets it.
template <typename Response, typename Call>
absl::StatusOr<Response> Invoke(CallGate* gate, absl::string_view caller, absl::Duration timeout,
                                Call call) {
  const CallGate::Pass pass(gate);
  if (!pass.entered()) return absl::UnavailableError("the account service is stopping");
  grpc::ClientContext context;
  PrepareCall(context, caller, timeout);
  Response response;
  grpc::Status status = call(&context, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
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
  return Invoke<v1::Posting>(gate_, caller_, timeout_,
                             [&](grpc::ClientContext* context, v1::Posting* out) {
                               return ledger_->CreatePosting(context, request, out);
                             });
}

absl::StatusOr<v1::ListPostingsResponse> GrpcAccountApi::ListPostings(int64_t after_sequence,
                                                                      int32_t page_size) {
  Connect();
  v1::ListPostingsRequest request;
  request.set_after_sequence(after_sequence);
  request.set_page_size(page_size);
  return Invoke<v1::ListPostingsResponse>(
      gate_, caller_, timeout_, [&](grpc::ClientContext* context, v1::ListPostingsResponse* out) {
        return ledger_->ListPostings(context, request, out);
      });
}

absl::StatusOr<admin::v1::Partner> GrpcAccountApi::GetPartner(const std::string& partner_id) {
  Connect();
  admin::v1::GetPartnerRequest request;
  request.set_partner_id(partner_id);
  return Invoke<admin::v1::Partner>(gate_, caller_, timeout_,
                                    [&](grpc::ClientContext* context, admin::v1::Partner* out) {
                                      return partners_->GetPartner(context, request, out);
                                    });
}

absl::StatusOr<admin::v1::ListPartnerTermsResponse> GrpcAccountApi::ListPartnerTerms(
    const std::string& partner_id) {
  Connect();
  admin::v1::ListPartnerTermsRequest request;
  request.set_partner_id(partner_id);
  return Invoke<admin::v1::ListPartnerTermsResponse>(
      gate_, caller_, timeout_,
      [&](grpc::ClientContext* context, admin::v1::ListPartnerTermsResponse* out) {
        return partners_->ListPartnerTerms(context, request, out);
      });
}

absl::StatusOr<v1::Member> GrpcAccountApi::GetMember(const std::string& member_id) {
  Connect();
  v1::GetMemberRequest request;
  request.set_member_id(member_id);
  return Invoke<v1::Member>(gate_, caller_, timeout_,
                            [&](grpc::ClientContext* context, v1::Member* out) {
                              return accounts_->GetMember(context, request, out);
                            });
}

absl::StatusOr<v1::MemberTier> GrpcAccountApi::GetMemberTier(const std::string& member_id) {
  Connect();
  v1::GetMemberTierRequest request;
  request.set_member_id(member_id);
  return Invoke<v1::MemberTier>(gate_, caller_, timeout_,
                                [&](grpc::ClientContext* context, v1::MemberTier* out) {
                                  return accounts_->GetMemberTier(context, request, out);
                                });
}

absl::StatusOr<v1::Balance> GrpcAccountApi::GetBalance(
    const std::string& member_id, const std::optional<std::string>& member_scope) {
  Connect();
  v1::GetBalanceRequest request;
  request.set_member_id(member_id);
  return Invoke<v1::Balance>(gate_, caller_, timeout_,
                             [&](grpc::ClientContext* context, v1::Balance* out) {
                               if (member_scope) {
                                 context->AddMetadata(std::string(kMemberScopeMetadataKey),
                                                      *member_scope);
                               }
                               return accounts_->GetBalance(context, request, out);
                             });
}

}  // namespace coalition::account
