#include "services/redemption/grpc_handler.h"

#include <string>

#include "services/common/grpc_reply.h"

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

grpc::Status RedemptionServiceHandler::GetHold(grpc::ServerContext*,
                                               const v1::GetHoldRequest* request,
                                               v1::Hold* response) {
  return Reply(redemption_.GetHold(*request), response);
}

grpc::Status RedemptionServiceHandler::QuoteRedemption(grpc::ServerContext*,
                                                       const v1::QuoteRedemptionRequest* request,
                                                       v1::RedemptionQuote* response) {
  return Reply(redemption_.Quote(*request), response);
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

}  // namespace coalition::redemption
