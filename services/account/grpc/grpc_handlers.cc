#include "services/account/grpc/grpc_handlers.h"

#include <string>

#include "services/common/grpc/grpc_reply.h"
#include "services/common/validation.h"

namespace coalition::account {

grpc::Status AccountServiceHandler::CheckMemberScope(const grpc::ServerContextBase& context,
                                                     const std::string& member_id) {
  // A malformed id is left to the read, which names the field.
  if (!ValidateId("member_id", member_id).ok()) return grpc::Status::OK;
  return ToGrpcStatus(registry_.CheckInScope(member_id, MemberScopeOf(context)));
}

grpc::Status AccountServiceHandler::EnrollMember(grpc::ServerContext* context,
                                                 const v1::EnrollMemberRequest* request,
                                                 v1::Member* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return registry_.EnrollMember(caller, *request);
  });
}

grpc::Status AccountServiceHandler::GetMember(grpc::ServerContext* context,
                                              const v1::GetMemberRequest* request,
                                              v1::Member* response) {
  return Reply(registry_.GetMember(*request, MemberScopeOf(*context)), response);
}

grpc::Status AccountServiceHandler::SetPersonalDataConsent(
    grpc::ServerContext* context, const v1::SetPersonalDataConsentRequest* request,
    v1::PersonalDataConsent* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return registry_.SetPersonalDataConsent(caller, *request, MemberScopeOf(*context));
  });
}

grpc::Status AccountServiceHandler::GetBalance(grpc::ServerContext* context,
                                               const v1::GetBalanceRequest* request,
                                               v1::Balance* response) {
  if (grpc::Status denied = CheckMemberScope(*context, request->member_id()); !denied.ok()) {
    return denied;
  }
  return Reply(ledger_.GetBalance(*request), response);
}

grpc::Status AccountServiceHandler::ListTransactions(grpc::ServerContext* context,
                                                     const v1::ListTransactionsRequest* request,
                                                     v1::ListTransactionsResponse* response) {
  if (grpc::Status denied = CheckMemberScope(*context, request->member_id()); !denied.ok()) {
    return denied;
  }
  return Reply(ledger_.ListTransactions(*request), response);
}

grpc::Status AccountServiceHandler::GetMemberSummary(grpc::ServerContext* context,
                                                     const v1::GetMemberSummaryRequest* request,
                                                     v1::MemberSummary* response) {
  // A card number or a partner's id for the member is resolved to its member id first.
  absl::StatusOr<std::string> member_id = registry_.MemberIdOf(*request);
  if (!member_id.ok())
    return Reply(absl::StatusOr<v1::MemberSummary>(member_id.status()), response);
  if (grpc::Status denied = CheckMemberScope(*context, *member_id); !denied.ok()) return denied;
  v1::GetMemberSummaryRequest by_id;
  by_id.set_member_id(*member_id);
  by_id.set_transaction_count(request->transaction_count());
  return Reply(ledger_.GetMemberSummary(by_id), response);
}

grpc::Status AccountServiceHandler::ListTierChanges(grpc::ServerContext* context,
                                                    const v1::ListTierChangesRequest* request,
                                                    v1::ListTierChangesResponse* response) {
  if (grpc::Status denied = CheckMemberScope(*context, request->member_id()); !denied.ok()) {
    return denied;
  }
  return Reply(tiers_.ListTierChanges(*request), response);
}

grpc::Status AccountServiceHandler::GetMemberTier(grpc::ServerContext* context,
                                                  const v1::GetMemberTierRequest* request,
                                                  v1::MemberTier* response) {
  if (grpc::Status denied = CheckMemberScope(*context, request->member_id()); !denied.ok()) {
    return denied;
  }
  return Reply(tiers_.GetMemberTier(*request), response);
}

grpc::Status AccountServiceHandler::TransferPoints(grpc::ServerContext* context,
                                                   const v1::TransferPointsRequest* request,
                                                   v1::Transfer* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return transfers_.Transfer(caller, *request);
  });
}

grpc::Status AccountServiceHandler::CreateHousehold(grpc::ServerContext* context,
                                                    const v1::CreateHouseholdRequest* request,
                                                    v1::Household* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return households_.Create(caller, *request);
  });
}

grpc::Status AccountServiceHandler::AddHouseholdMember(grpc::ServerContext* context,
                                                       const v1::AddHouseholdMemberRequest* request,
                                                       v1::Household* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return households_.AddMember(caller, *request);
  });
}

grpc::Status AccountServiceHandler::RemoveHouseholdMember(
    grpc::ServerContext* context, const v1::RemoveHouseholdMemberRequest* request,
    v1::Household* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return households_.RemoveMember(caller, *request);
  });
}

grpc::Status AccountServiceHandler::GetHousehold(grpc::ServerContext*,
                                                 const v1::GetHouseholdRequest* request,
                                                 v1::Household* response) {
  return Reply(households_.Get(*request), response);
}

void AccountServiceHandler::StartServing(grpc::ServerCompletionQueue& queue) {
  event_streams_.Serve(
      [this, &queue](grpc::ServerContext* context, v1::WatchMemberEventsRequest* request,
                     grpc::ServerAsyncWriter<v1::MemberEvent>* writer, void* tag) {
        RequestWatchMemberEvents(context, request, writer, &queue, &queue, tag);
      },
      // The scope check reads the database, so it runs with the stream's first poll.
      [this](const grpc::ServerContext& context, const v1::WatchMemberEventsRequest& request) {
        return CheckMemberScope(context, request.member_id());
      });
}

void AccountServiceHandler::WaitUntilQuiet() { event_streams_.WaitUntilQuiet(); }

grpc::Status LedgerServiceHandler::CreatePosting(grpc::ServerContext* context,
                                                 const v1::CreatePostingRequest* request,
                                                 v1::Posting* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return ledger_.CreatePosting(caller, *request);
  });
}

grpc::Status LedgerServiceHandler::CreatePostings(grpc::ServerContext* context,
                                                  const v1::CreatePostingsRequest* request,
                                                  v1::CreatePostingsResponse* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return ledger_.CreatePostings(caller, *request);
  });
}

grpc::Status LedgerServiceHandler::ListPostings(grpc::ServerContext*,
                                                const v1::ListPostingsRequest* request,
                                                v1::ListPostingsResponse* response) {
  return Reply(ledger_.ListPostings(*request), response);
}

grpc::Status AccountAdminHandler::ListLedgerPostings(grpc::ServerContext*,
                                                    const v1::ListPostingsRequest* request,
                                                    v1::ListPostingsResponse* response) {
  return Reply(ledger_.ListPostings(*request), response);
}

grpc::Status PartnerAdminHandler::CreatePartner(grpc::ServerContext* context,
                                                const admin::v1::CreatePartnerRequest* request,
                                                admin::v1::Partner* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return registry_.CreatePartner(caller, *request);
  });
}

grpc::Status PartnerAdminHandler::PublishPartnerTerms(
    grpc::ServerContext* context, const admin::v1::PublishPartnerTermsRequest* request,
    admin::v1::PartnerTerms* response) {
  return ReplyAsCaller(*context, response,
                       [&](const std::string& caller) { return terms_.Publish(caller, *request); });
}

grpc::Status PartnerAdminHandler::ListPartnerTerms(
    grpc::ServerContext*, const admin::v1::ListPartnerTermsRequest* request,
    admin::v1::ListPartnerTermsResponse* response) {
  return Reply(terms_.List(*request), response);
}

grpc::Status PartnerAdminHandler::BuyPointBlock(grpc::ServerContext* context,
                                                const admin::v1::BuyPointBlockRequest* request,
                                                admin::v1::PointBlock* response) {
  return ReplyAsCaller(*context, response,
                       [&](const std::string& caller) { return blocks_.Buy(caller, *request); });
}

grpc::Status PartnerAdminHandler::ListPartnerAlerts(
    grpc::ServerContext*, const admin::v1::ListPartnerAlertsRequest* request,
    admin::v1::ListPartnerAlertsResponse* response) {
  return Reply(blocks_.Alerts(*request), response);
}

grpc::Status PartnerAdminHandler::GetPartner(grpc::ServerContext*,
                                             const admin::v1::GetPartnerRequest* request,
                                             admin::v1::Partner* response) {
  return Reply(registry_.GetPartner(*request), response);
}

grpc::Status PartnerAdminHandler::SetPartnerState(grpc::ServerContext* context,
                                                  const admin::v1::SetPartnerStateRequest* request,
                                                  admin::v1::Partner* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return registry_.SetPartnerState(caller, *request);
  });
}

grpc::Status PartnerAdminHandler::ListPartners(grpc::ServerContext*,
                                               const admin::v1::ListPartnersRequest* request,
                                               admin::v1::ListPartnersResponse* response) {
  return Reply(registry_.ListPartners(*request), response);
}

grpc::Status AccountAdminHandler::RunExpiry(grpc::ServerContext* context,
                                            const v1::RunExpiryRequest* request,
                                            v1::ExpiryRun* response) {
  return ReplyAsCaller(*context, response,
                       [&](const std::string& caller) { return expiry_.Run(caller, *request); });
}

grpc::Status AccountAdminHandler::SetTierLadder(grpc::ServerContext* context,
                                                const v1::SetTierLadderRequest* request,
                                                v1::TierLadder* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return tiers_.SetTierLadder(caller, *request);
  });
}

grpc::Status AccountAdminHandler::GetTierLadder(grpc::ServerContext*,
                                                const v1::GetTierLadderRequest*,
                                                v1::TierLadder* response) {
  return Reply(tiers_.GetTierLadder(), response);
}

grpc::Status AccountAdminHandler::RunTierReview(grpc::ServerContext* context,
                                                const v1::RunTierReviewRequest* request,
                                                v1::TierReviewRun* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return tiers_.RunTierReview(caller, *request);
  });
}

grpc::Status AccountAdminHandler::SetMemberState(grpc::ServerContext* context,
                                                 const v1::SetMemberStateRequest* request,
                                                 v1::Member* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return registry_.SetMemberState(caller, *request);
  });
}

grpc::Status AccountAdminHandler::CloseMember(grpc::ServerContext* context,
                                              const v1::CloseMemberRequest* request,
                                              v1::Member* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return lifecycle_.Close(caller, *request);
  });
}

grpc::Status AccountAdminHandler::MergeMembers(grpc::ServerContext* context,
                                               const v1::MergeMembersRequest* request,
                                               v1::Member* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return lifecycle_.Merge(caller, *request);
  });
}

grpc::Status AccountAdminHandler::EraseMember(grpc::ServerContext* context,
                                              const v1::EraseMemberRequest* request,
                                              v1::Member* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return registry_.EraseMember(caller, *request);
  });
}

grpc::Status AccountAdminHandler::RunPiiRekey(grpc::ServerContext* context,
                                              const v1::RunPiiRekeyRequest* request,
                                              v1::PiiRekeyRun* response) {
  return ReplyAsCaller(*context, response,
                       [&](const std::string& caller) { return pii_rekey_.Run(caller, *request); });
}

grpc::Status AccountAdminHandler::SetBonusProgram(grpc::ServerContext* context,
                                                  const v1::SetBonusProgramRequest* request,
                                                  v1::BonusProgram* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return bonuses_.SetProgram(caller, *request);
  });
}

grpc::Status AccountAdminHandler::GetBonusProgram(grpc::ServerContext*,
                                                  const v1::GetBonusProgramRequest*,
                                                  v1::BonusProgram* response) {
  return Reply(bonuses_.GetProgram(), response);
}

grpc::Status AccountAdminHandler::CreateCorporateAccount(
    grpc::ServerContext* context, const v1::CreateCorporateAccountRequest* request,
    v1::CorporateAccount* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return corporates_.Create(caller, *request);
  });
}

grpc::Status AccountAdminHandler::GetCorporateAccount(grpc::ServerContext*,
                                                      const v1::GetCorporateAccountRequest* request,
                                                      v1::CorporateAccount* response) {
  return Reply(corporates_.Get(*request), response);
}

grpc::Status AccountAdminHandler::LinkMemberToCorporate(
    grpc::ServerContext* context, const v1::LinkMemberToCorporateRequest* request,
    v1::Member* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return corporates_.Link(caller, *request);
  });
}

}  // namespace coalition::account
