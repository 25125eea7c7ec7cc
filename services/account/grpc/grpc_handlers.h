// Thin gRPC handlers of the account service: translate requests and statuses, nothing else.
#pragma once

#include "coalition/account/v1/account.grpc.pb.h"
#include "coalition/admin/v1/admin.grpc.pb.h"
#include "services/account/corporates.h"
#include "services/account/households.h"
#include "services/account/ledger.h"
#include "services/account/grpc/member_event_stream.h"
#include "services/account/member_lifecycle.h"
#include "services/account/pii_rekey.h"
#include "services/account/point_blocks.h"
#include "services/account/points_expiry.h"
#include "services/account/registry.h"
#include "services/account/tiers.h"
#include "services/account/transfers.h"
#include "services/common/grpc/async_serving.h"

namespace coalition::account {

// WatchMemberEvents is served on the asynchronous API (AsyncServing), so an open stream holds no
// thread of the synchronous pool that serves every other method (member_event_stream.h).
class AccountServiceHandler final
    : public v1::AccountService::WithAsyncMethod_WatchMemberEvents<v1::AccountService::Service>,
      public AsyncServing {
 public:
  AccountServiceHandler(Registry& registry, Ledger& ledger, Tiers& tiers, Transfers& transfers,
                        Households& households, MemberEventStreams& event_streams)
      : registry_(registry),
        ledger_(ledger),
        tiers_(tiers),
        transfers_(transfers),
        households_(households),
        event_streams_(event_streams) {}

  grpc::Status EnrollMember(grpc::ServerContext* context, const v1::EnrollMemberRequest* request,
                            v1::Member* response) override;
  grpc::Status SetPersonalDataConsent(grpc::ServerContext* context,
                                      const v1::SetPersonalDataConsentRequest* request,
                                      v1::PersonalDataConsent* response) override;
  grpc::Status GetMember(grpc::ServerContext* context, const v1::GetMemberRequest* request,
                         v1::Member* response) override;
  grpc::Status GetBalance(grpc::ServerContext* context, const v1::GetBalanceRequest* request,
                          v1::Balance* response) override;
  grpc::Status ListTransactions(grpc::ServerContext* context,
                                const v1::ListTransactionsRequest* request,
                                v1::ListTransactionsResponse* response) override;
  grpc::Status GetMemberSummary(grpc::ServerContext* context,
                                const v1::GetMemberSummaryRequest* request,
                                v1::MemberSummary* response) override;
  grpc::Status ListTierChanges(grpc::ServerContext* context,
                               const v1::ListTierChangesRequest* request,
                               v1::ListTierChangesResponse* response) override;
  grpc::Status GetMemberTier(grpc::ServerContext* context, const v1::GetMemberTierRequest* request,
                             v1::MemberTier* response) override;
  grpc::Status TransferPoints(grpc::ServerContext* context,
                              const v1::TransferPointsRequest* request,
                              v1::Transfer* response) override;
  grpc::Status CreateHousehold(grpc::ServerContext* context,
                               const v1::CreateHouseholdRequest* request,
                               v1::Household* response) override;
  grpc::Status AddHouseholdMember(grpc::ServerContext* context,
                                  const v1::AddHouseholdMemberRequest* request,
                                  v1::Household* response) override;
  grpc::Status RemoveHouseholdMember(grpc::ServerContext* context,
                                     const v1::RemoveHouseholdMemberRequest* request,
                                     v1::Household* response) override;
  grpc::Status GetHousehold(grpc::ServerContext* context, const v1::GetHouseholdRequest* request,
                            v1::Household* response) override;
  void StartServing(grpc::ServerCompletionQueue& queue) override;
  void WaitUntilQuiet() override;

 private:
  // OK, or PERMISSION_DENIED if the gateway limited this call to the members of a partner the
  // member has no relationship with.
  grpc::Status CheckMemberScope(const grpc::ServerContextBase& context,
                                const std::string& member_id);

  Registry& registry_;
  Ledger& ledger_;
  Tiers& tiers_;
  Transfers& transfers_;
  Households& households_;
  MemberEventStreams& event_streams_;
};

class LedgerServiceHandler final : public v1::LedgerService::Service {
 public:
  explicit LedgerServiceHandler(Ledger& ledger) : ledger_(ledger) {}

  grpc::Status CreatePosting(grpc::ServerContext* context, const v1::CreatePostingRequest* request,
                             v1::Posting* response) override;
  grpc::Status CreatePostings(grpc::ServerContext* context,
                              const v1::CreatePostingsRequest* request,
                              v1::CreatePostingsResponse* response) override;
  grpc::Status ListPostings(grpc::ServerContext* context, const v1::ListPostingsRequest* request,
                            v1::ListPostingsResponse* response) override;

 private:
  Ledger& ledger_;
};

class PartnerAdminHandler final : public admin::v1::PartnerAdminService::Service {
 public:
  PartnerAdminHandler(Registry& registry, PartnerTermsBook& terms, PointBlocks& blocks)
      : registry_(registry), terms_(terms), blocks_(blocks) {}

  grpc::Status CreatePartner(grpc::ServerContext* context,
                             const admin::v1::CreatePartnerRequest* request,
                             admin::v1::Partner* response) override;
  grpc::Status GetPartner(grpc::ServerContext* context, const admin::v1::GetPartnerRequest* request,
                          admin::v1::Partner* response) override;
  grpc::Status SetPartnerState(grpc::ServerContext* context,
                               const admin::v1::SetPartnerStateRequest* request,
                               admin::v1::Partner* response) override;
  grpc::Status ListPartners(grpc::ServerContext* context,
                            const admin::v1::ListPartnersRequest* request,
                            admin::v1::ListPartnersResponse* response) override;
  grpc::Status PublishPartnerTerms(grpc::ServerContext* context,
                                   const admin::v1::PublishPartnerTermsRequest* request,
                                   admin::v1::PartnerTerms* response) override;
  grpc::Status ListPartnerTerms(grpc::ServerContext* context,
                                const admin::v1::ListPartnerTermsRequest* request,
                                admin::v1::ListPartnerTermsResponse* response) override;
  grpc::Status BuyPointBlock(grpc::ServerContext* context,
                             const admin::v1::BuyPointBlockRequest* request,
                             admin::v1::PointBlock* response) override;
  grpc::Status ListPartnerAlerts(grpc::ServerContext* context,
                                 const admin::v1::ListPartnerAlertsRequest* request,
                                 admin::v1::ListPartnerAlertsResponse* response) override;

 private:
  Registry& registry_;
  PartnerTermsBook& terms_;
  PointBlocks& blocks_;
};

class AccountAdminHandler final : public v1::AccountAdminService::Service {
 public:
  AccountAdminHandler(Ledger& ledger, PointsExpiry& expiry, Tiers& tiers, Registry& registry,
                      MemberLifecycle& lifecycle, PiiRekey& pii_rekey, Bonuses& bonuses,
                      Corporates& corporates)
      : ledger_(ledger),
        expiry_(expiry),
        tiers_(tiers),
        registry_(registry),
        lifecycle_(lifecycle),
        pii_rekey_(pii_rekey),
        bonuses_(bonuses),
        corporates_(corporates) {}

  grpc::Status ListLedgerPostings(grpc::ServerContext* context,
                                  const v1::ListPostingsRequest* request,
                                  v1::ListPostingsResponse* response) override;
  grpc::Status RunExpiry(grpc::ServerContext* context, const v1::RunExpiryRequest* request,
                         v1::ExpiryRun* response) override;
  grpc::Status SetTierLadder(grpc::ServerContext* context, const v1::SetTierLadderRequest* request,
                             v1::TierLadder* response) override;
  grpc::Status GetTierLadder(grpc::ServerContext* context, const v1::GetTierLadderRequest* request,
                             v1::TierLadder* response) override;
  grpc::Status RunTierReview(grpc::ServerContext* context, const v1::RunTierReviewRequest* request,
                             v1::TierReviewRun* response) override;
  grpc::Status SetMemberState(grpc::ServerContext* context,
                              const v1::SetMemberStateRequest* request,
                              v1::Member* response) override;
  grpc::Status CloseMember(grpc::ServerContext* context, const v1::CloseMemberRequest* request,
                           v1::Member* response) override;
  grpc::Status MergeMembers(grpc::ServerContext* context, const v1::MergeMembersRequest* request,
                            v1::Member* response) override;
  grpc::Status EraseMember(grpc::ServerContext* context, const v1::EraseMemberRequest* request,
                           v1::Member* response) override;
  grpc::Status RunPiiRekey(grpc::ServerContext* context, const v1::RunPiiRekeyRequest* request,
                           v1::PiiRekeyRun* response) override;
  grpc::Status SetBonusProgram(grpc::ServerContext* context,
                               const v1::SetBonusProgramRequest* request,
                               v1::BonusProgram* response) override;
  grpc::Status GetBonusProgram(grpc::ServerContext* context,
                               const v1::GetBonusProgramRequest* request,
                               v1::BonusProgram* response) override;
  grpc::Status CreateCorporateAccount(grpc::ServerContext* context,
                                      const v1::CreateCorporateAccountRequest* request,
                                      v1::CorporateAccount* response) override;
  grpc::Status GetCorporateAccount(grpc::ServerContext* context,
                                   const v1::GetCorporateAccountRequest* request,
                                   v1::CorporateAccount* response) override;
  grpc::Status LinkMemberToCorporate(grpc::ServerContext* context,
                                     const v1::LinkMemberToCorporateRequest* request,
                                     v1::Member* response) override;

 private:
  Ledger& ledger_;
  PointsExpiry& expiry_;
  Tiers& tiers_;
  Registry& registry_;
  MemberLifecycle& lifecycle_;
  PiiRekey& pii_rekey_;
  Bonuses& bonuses_;
  Corporates& corporates_;
};

}  // namespace coalition::account
