// Thin gRPC handlers of the earning service.
#pragma once

#include "coalition/earning/v1/earning.grpc.pb.h"
#include "services/earning/earn_rules_admin.h"
#include "services/earning/earning.h"
#include "services/earning/pending_purchases.h"
#include "services/earning/refunds.h"

namespace coalition::earning {

class EarningServiceHandler final : public v1::EarningService::Service {
 public:
  EarningServiceHandler(Earning& earning, Refunds& refunds, PendingPurchases& pending)
      : earning_(earning), refunds_(refunds), pending_(pending) {}

  grpc::Status RecordPurchase(grpc::ServerContext* context,
                              const v1::RecordPurchaseRequest* request,
                              v1::Purchase* response) override;
  grpc::Status RecordPurchases(grpc::ServerContext* context,
                               const v1::RecordPurchasesRequest* request,
                               v1::RecordPurchasesResponse* response) override;
  grpc::Status QuoteEarn(grpc::ServerContext* context, const v1::RecordPurchaseRequest* request,
                         v1::EarnBreakdown* response) override;
  grpc::Status GetPurchase(grpc::ServerContext* context, const v1::GetPurchaseRequest* request,
                           v1::Purchase* response) override;
  grpc::Status RefundPurchase(grpc::ServerContext* context,
                              const v1::RefundPurchaseRequest* request,
                              v1::Refund* response) override;
  grpc::Status ConfirmPurchase(grpc::ServerContext* context,
                               const v1::SettlePurchaseRequest* request,
                               v1::Purchase* response) override;
  grpc::Status CancelPurchase(grpc::ServerContext* context,
                              const v1::SettlePurchaseRequest* request,
                              v1::Purchase* response) override;

 private:
  Earning& earning_;
  Refunds& refunds_;
  PendingPurchases& pending_;
};

class EarnRulesAdminHandler final : public v1::EarnRulesAdminService::Service {
 public:
  EarnRulesAdminHandler(EarnRulesAdmin& admin, PendingPurchases& pending)
      : admin_(admin), pending_(pending) {}

  grpc::Status PublishEarnRules(grpc::ServerContext* context,
                                const v1::PublishEarnRulesRequest* request,
                                v1::EarnRules* response) override;
  grpc::Status ListEarnRules(grpc::ServerContext* context, const v1::ListEarnRulesRequest* request,
                             v1::ListEarnRulesResponse* response) override;
  grpc::Status LapsePendingPurchases(grpc::ServerContext* context,
                                     const v1::LapsePendingPurchasesRequest* request,
                                     v1::PendingLapseRun* response) override;

 private:
  EarnRulesAdmin& admin_;
  PendingPurchases& pending_;
};

}  // namespace coalition::earning
