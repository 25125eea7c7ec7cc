// INVALID_ARGUMENT answers carry google.rpc.BadRequest details (in grpc-status-details-bin), so a
// client can point at the field without parsing text. Every coalition message for bad input
// starts with the field's path ("purchases[1].amount_minor: must be ..."), at the edge and in the
// services alike; that path becomes the violation's field.
//
//   Finish(WithBadRequestDetails(status));
#pragma once

#include "grpcpp/support/status.h"

namespace coalition::gateway {

// `status` with details added if it is INVALID_ARGUMENT naming a field; unchanged otherwise.
grpc::Status WithBadRequestDetails(const grpc::Status& status);

}  // namespace coalition::gateway
