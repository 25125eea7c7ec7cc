// Thin gRPC handlers of the settlement service.
#pragma once

#include "coalition/settlement/v1/settlement.grpc.pb.h"
#include "settlement/period_closing.h"
#include "settlement/settlement.h"

namespace coalition::settlement {

class SettlementServiceHandler final : public v1::SettlementService::Service {
 public:
  SettlementServiceHandler(Settlement& settlement, PeriodClosing& closing)
      : settlement_(settlement), closing_(closing) {}

  grpc::Status GetStatement(grpc::ServerContext* context, const v1::GetStatementRequest* request,
                            v1::Statement* response) override;
  grpc::Status GetPartnerStatement(grpc::ServerContext* context,
                                   const v1::GetPartnerStatementRequest* request,
                                   v1::PartnerStatement* response) override;

 private:
  Settlement& settlement_;
  PeriodClosing& closing_;
};

class SettlementAdminHandler final : public v1::SettlementAdminService::Service {
 public:
  explicit SettlementAdminHandler(PeriodClosing& closing) : closing_(closing) {}

  grpc::Status ClosePeriod(grpc::ServerContext* context, const v1::ClosePeriodRequest* request,
                           v1::Period* response) override;
  grpc::Status ListPeriods(grpc::ServerContext* context, const v1::ListPeriodsRequest* request,
                           v1::ListPeriodsResponse* response) override;
  grpc::Status GetPeriodReport(grpc::ServerContext* context,
                               const v1::GetPeriodReportRequest* request,
                               v1::PeriodReport* response) override;
  grpc::Status GetLiabilityReport(grpc::ServerContext* context,
                                  const v1::GetLiabilityReportRequest* request,
                                  v1::LiabilityReport* response) override;

 private:
  PeriodClosing& closing_;
};

}  // namespace coalition::settlement
