#include "services/earning/grpc/grpc_handler.h"

#include <string>

#include "services/common/grpc/grpc_reply.h"

namespace coalition::earning {

grpc::Status EarningServiceHandler::RecordPurchase(grpc::ServerContext* context,
                                                   const v1::RecordPurchaseRequest* request,
                                                   v1::Purchase* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return earning_.RecordPurchase(caller, *request);
  });
}

grpc::Status EarningServiceHandler::RecordPurchases(grpc::ServerContext* context,
                                                    const v1::RecordPurchasesRequest* request,
                                                    v1::RecordPurchasesResponse* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return earning_.RecordPurchases(caller, *request);
  });
}

grpc::Status EarningServiceHandler::QuoteEarn(grpc::ServerContext*,
                                              const v1::RecordPurchaseRequest* request,
                                              v1::EarnBreakdown* response) {
  return Reply(earning_.QuoteEarn(*request), response);
}

grpc::Status EarningServiceHandler::GetPurchase(grpc::ServerContext* context,
                                                const v1::GetPurchaseRequest* request,
                                                v1::Purchase* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return earning_.GetPurchase(caller, *request);
  });
}

grpc::Status EarningServiceHandler::RefundPurchase(grpc::ServerContext* context,
                                                   const v1::RefundPurchaseRequest* request,
                                                   v1::Refund* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return refunds_.Refund(caller, *request);
  });
}

grpc::Status EarnRulesAdminHandler::PublishEarnRules(grpc::ServerContext* context,
                                                     const v1::PublishEarnRulesRequest* request,
                                                     v1::EarnRules* response) {
  return ReplyAsCaller(*context, response,
                       [&](const std::string& caller) { return admin_.Publish(caller, *request); });
}

grpc::Status EarnRulesAdminHandler::ListEarnRules(grpc::ServerContext*,
                                                  const v1::ListEarnRulesRequest* request,
                                                  v1::ListEarnRulesResponse* response) {
  return Reply(admin_.List(*request), response);
}

grpc::Status EarningServiceHandler::ConfirmPurchase(grpc::ServerContext* context,
                                                    const v1::SettlePurchaseRequest* request,
                                                    v1::Purchase* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return pending_.Confirm(caller, *request);
  });
}

grpc::Status EarningServiceHandler::CancelPurchase(grpc::ServerContext* context,
                                                   const v1::SettlePurchaseRequest* request,
                                                   v1::Purchase* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return pending_.Cancel(caller, *request);
  });
}

grpc::Status EarnRulesAdminHandler::LapsePendingPurchases(
    grpc::ServerContext* context, const v1::LapsePendingPurchasesRequest* request,
    v1::PendingLapseRun* response) {
  return ReplyAsCaller(*context, response,
                       [&](const std::string& caller) { return pending_.Lapse(caller, *request); });
}

}  // namespace coalition::earning
