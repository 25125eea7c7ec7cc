#include "services/earning/grpc_handler.h"

#include <string>

#include "services/common/grpc_reply.h"

namespace coalition::earning {

grpc::Status EarningServiceHandler::RecordPurchase(grpc::ServerContext* context,
                                                   const v1::RecordPurchaseRequest* request,
                                                   v1::Purchase* response) {
  return ReplyAsCaller(*context, response, [&](const std::string& caller) {
    return earning_.RecordPurchase(caller, *request);
  });
}

}  // namespace coalition::earning
