// Storage of the reward catalogue and its orders.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "coalition/redemption/v1/redemption.pb.h"
#include "services/common/request_key.h"

namespace coalition::redemption {

class RewardStore {
 public:
  virtual ~RewardStore() = default;

  // Adds or replaces the reward; a retry returns what the first request set.
  virtual absl::StatusOr<v1::Reward> Put(const RequestKey& key, const v1::Reward& reward,
                                         absl::Time now) = 0;
  // The partner's available rewards, by reward_id.
  virtual absl::StatusOr<std::vector<v1::Reward>> List(const std::string& partner_id) = 0;

  // Takes the order's stock under the reward's row lock (FAILED_PRECONDITION if there is not
  // enough, NOT_FOUND if there is no such reward) and records the order, its points priced now;
  // or returns the order this key made before. redemption_id is empty until SetRedemption.
  virtual absl::StatusOr<v1::RewardOrder> Reserve(const RequestKey& key,
                                                  const v1::RewardOrder& order) = 0;
  virtual absl::Status SetRedemption(const std::string& order_id,
                                     const std::string& redemption_id) = 0;
  // Orders made at or before `before` whose spending is not recorded, with who made them.
  struct UnfinishedOrder {
    v1::RewardOrder order;
    std::string caller;
  };
  virtual absl::StatusOr<std::vector<UnfinishedOrder>> Unfinished(absl::Time before, int limit) = 0;
  // The points were not spent after all: the order is removed and its stock given back.
  virtual absl::Status Cancel(const std::string& order_id) = 0;
};

}  // namespace coalition::redemption
