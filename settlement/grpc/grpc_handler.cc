#include "settlement/grpc/grpc_handler.h"

#include <string>

#include "services/common/grpc/grpc_reply.h"

namespace coalition::settlement {

grpc::Status SettlementServiceHandler::GetStatement(grpc::ServerContext*,
                                                    const v1::GetStatementRequest* request,
                                                    v1::Statement* response) {
  return Reply(settlement_.GetStatement(*request), response);
}

grpc::Status SettlementServiceHandler::GetPartnerStatement(
    grpc::ServerContext* context, const v1::GetPartnerStatementRequest* request,
    v1::PartnerStatement* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return closing_.PartnerStatement(caller, *request);
  });
}

grpc::Status SettlementAdminHandler::ClosePeriod(grpc::ServerContext*,
                                                 const v1::ClosePeriodRequest* request,
                                                 v1::Period* response) {
  return Reply(closing_.Close(*request), response);
}

grpc::Status SettlementAdminHandler::ListPeriods(grpc::ServerContext*,
                                                 const v1::ListPeriodsRequest* request,
                                                 v1::ListPeriodsResponse* response) {
  return Reply(closing_.List(*request), response);
}

grpc::Status SettlementAdminHandler::GetPeriodReport(grpc::ServerContext*,
                                                     const v1::GetPeriodReportRequest* request,
                                                     v1::PeriodReport* response) {
  return Reply(closing_.Report(*request), response);
}

grpc::Status SettlementAdminHandler::GetLiabilityReport(grpc::ServerContext*,
                                                        const v1::GetLiabilityReportRequest*,
                                                        v1::LiabilityReport* response) {
  return Reply(closing_.Liability(), response);
}

}  // namespace coalition::settlement
