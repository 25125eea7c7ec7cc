#include "services/redemption/grpc/grpc_handler.h"

#include <string>

#include "services/common/grpc/grpc_reply.h"

namespace coalition::redemption {

grpc::Status RedemptionServiceHandler::Redeem(grpc::ServerContext* context,
                                              const v1::RedeemRequest* request,
                                              v1::Redemption* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return redemption_.Redeem(caller, *request);
  });
}

grpc::Status RedemptionServiceHandler::HoldPoints(grpc::ServerContext* context,
                                                  const v1::HoldPointsRequest* request,
                                                  v1::Hold* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return redemption_.HoldPoints(caller, *request);
  });
}

grpc::Status RedemptionServiceHandler::CapturePoints(grpc::ServerContext* context,
                                                     const v1::CapturePointsRequest* request,
                                                     v1::Hold* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return redemption_.CapturePoints(caller, *request);
  });
}

grpc::Status RedemptionServiceHandler::VoidHold(grpc::ServerContext* context,
                                                const v1::VoidHoldRequest* request,
                                                v1::Hold* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return redemption_.VoidHold(caller, *request);
  });
}

grpc::Status RedemptionServiceHandler::GetHold(grpc::ServerContext* context,
                                               const v1::GetHoldRequest* request,
                                               v1::Hold* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return redemption_.GetHold(caller, *request);
  });
}

grpc::Status RedemptionServiceHandler::QuoteRedemption(grpc::ServerContext* context,
                                                       const v1::QuoteRedemptionRequest* request,
                                                       v1::RedemptionQuote* response) {
  return Reply(redemption_.Quote(*request, MemberScopeOf(*context)), response);
}

grpc::Status RedemptionServiceHandler::RefundRedemption(grpc::ServerContext* context,
                                                        const v1::RefundRedemptionRequest* request,
                                                        v1::RedemptionRefund* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return redemption_.Refund(caller, *request);
  });
}

grpc::Status RedemptionServiceHandler::ListRewards(grpc::ServerContext*,
                                                   const v1::ListRewardsRequest* request,
                                                   v1::ListRewardsResponse* response) {
  return Reply(catalogue_.List(*request), response);
}

grpc::Status RedemptionServiceHandler::OrderReward(grpc::ServerContext* context,
                                                   const v1::OrderRewardRequest* request,
                                                   v1::RewardOrder* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return catalogue_.Order(caller, *request);
  });
}

grpc::Status RedemptionAdminHandler::PublishBurnTerms(grpc::ServerContext* context,
                                                      const v1::PublishBurnTermsRequest* request,
                                                      v1::BurnTerms* response) {
  return ReplyAsCaller(*context, response,
                       [&](const std::string& caller) { return terms_.Publish(caller, *request); });
}

grpc::Status RedemptionAdminHandler::ListBurnTerms(grpc::ServerContext*,
                                                   const v1::ListBurnTermsRequest* request,
                                                   v1::ListBurnTermsResponse* response) {
  return Reply(terms_.List(*request), response);
}

grpc::Status RedemptionAdminHandler::ReleaseExpiredHolds(
    grpc::ServerContext*, const v1::ReleaseExpiredHoldsRequest* request,
    v1::ReleaseExpiredHoldsResponse* response) {
  return Reply(redemption_.ReleaseExpired(*request), response);
}

grpc::Status RedemptionAdminHandler::FinishInterrupted(grpc::ServerContext*,
                                                       const v1::FinishInterruptedRequest* request,
                                                       v1::FinishInterruptedResponse* response) {
  return Reply(FinishAllInterrupted(redemption_, catalogue_, *request), response);
}

grpc::Status RedemptionAdminHandler::SetPartnerRedemptions(
    grpc::ServerContext* context, const v1::SetPartnerRedemptionsRequest* request,
    v1::PartnerRedemptions* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return controls_.SetSwitch(caller, *request);
  });
}

grpc::Status RedemptionAdminHandler::SetBurnLimits(grpc::ServerContext* context,
                                                   const v1::SetBurnLimitsRequest* request,
                                                   v1::BurnLimits* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return controls_.SetLimits(caller, *request);
  });
}

grpc::Status RedemptionAdminHandler::GetBurnLimits(grpc::ServerContext*,
                                                   const v1::GetBurnLimitsRequest*,
                                                   v1::BurnLimits* response) {
  return Reply(controls_.Limits(), response);
}

grpc::Status RedemptionAdminHandler::ListBurnRefusals(grpc::ServerContext*,
                                                      const v1::ListBurnRefusalsRequest* request,
                                                      v1::ListBurnRefusalsResponse* response) {
  return Reply(controls_.Refusals(*request), response);
}

grpc::Status RedemptionAdminHandler::PutReward(grpc::ServerContext* context,
                                               const v1::PutRewardRequest* request,
                                               v1::Reward* response) {
  return ReplyAsCaller(*context, response,
                       [&](const std::string& caller) { return catalogue_.Put(caller, *request); });
}

}  // namespace coalition::redemption
