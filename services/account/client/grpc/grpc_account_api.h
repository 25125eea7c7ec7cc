// AccountApi over gRPC. Every call names this service as the caller and carries a deadline.
//
//   GrpcAccountApi api([] { return grpc::CreateChannel("127.0.0.1:50061", creds); },
//                      "earning", absl::Seconds(5));
//
// The channel is made on first use: in the all-in-one binary it is the server's own in-process
// channel, which exists only once the server has started, and which that binary closes a gate on
// before the server shuts down (services/common/grpc/call_gate.h).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/base/call_once.h"
#include "absl/time/time.h"
#include "coalition/account/v1/account.grpc.pb.h"
#include "coalition/admin/v1/admin.grpc.pb.h"
#include "grpcpp/channel.h"
#include "services/account/client/account_api.h"
#include "services/common/grpc/call_gate.h"

namespace coalition::account {

using ChannelSource = std::function<std::shared_ptr<grpc::Channel>()>;

class GrpcAccountApi final : public AccountApi {
 public:
  // With a `gate`, calls once it has closed get UNAVAILABLE without touching the channel.
  GrpcAccountApi(ChannelSource channel_source, std::string caller, absl::Duration timeout,
                 CallGate* gate = nullptr)
      : channel_source_(std::move(channel_source)),
        caller_(std::move(caller)),
        timeout_(timeout),
        gate_(gate) {}

  absl::StatusOr<v1::Posting> CreatePosting(const v1::CreatePostingRequest& request) override;
  absl::StatusOr<v1::CreatePostingsResponse> CreatePostings(
      const v1::CreatePostingsRequest& request) override;
  absl::StatusOr<v1::ListPostingsResponse> ListPostings(int64_t after_sequence,
                                                        int32_t page_size) override;
  absl::StatusOr<admin::v1::Partner> GetPartner(const std::string& partner_id) override;
  absl::StatusOr<admin::v1::ListPartnerTermsResponse> ListPartnerTerms(
      const std::string& partner_id) override;
  absl::StatusOr<v1::Member> GetMember(const std::string& member_id) override;
  absl::StatusOr<v1::MemberTier> GetMemberTier(const std::string& member_id) override;
  absl::StatusOr<v1::Balance> GetBalance(
      const std::string& member_id, const std::optional<std::string>& member_scope) override;

 private:
  void Connect();

  ChannelSource channel_source_;
  const std::string caller_;
  const absl::Duration timeout_;
  CallGate* const gate_;
  absl::once_flag connect_once_;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
  std::unique_ptr<v1::LedgerService::Stub> ledger_;
  std::unique_ptr<admin::v1::PartnerAdminService::Stub> partners_;
};

}  // namespace coalition::account
