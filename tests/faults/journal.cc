#include "tests/faults/journal.h"

namespace coalition::faults {

void Journal::AddMember(const std::string& member_id) {
  absl::MutexLock lock(&mu_);
  points_.try_emplace(member_id);
}

void Journal::Move(const std::string& member_id, int64_t available, int64_t held) {
  Points& points = points_[member_id];
  points.available += available;
  points.held += held;
}

void Journal::Earned(const earning::v1::Purchase& purchase) {
  absl::MutexLock lock(&mu_);
  purchases_[purchase.purchase_id()] = purchase;
  Move(purchase.member_id(), purchase.points_earned(), 0);
}

void Journal::PurchaseRefunded(const earning::v1::Refund& refund) {
  absl::MutexLock lock(&mu_);
  purchase_refunds_[refund.refund_id()] = refund;
  Move(refund.member_id(), -refund.points_reversed(), 0);
}

void Journal::Redeemed(const redemption::v1::Redemption& redemption) {
  absl::MutexLock lock(&mu_);
  redemptions_[redemption.redemption_id()] = redemption;
  Move(redemption.member_id(), -redemption.points(), 0);
}

void Journal::Held(const redemption::v1::Hold& hold) {
  absl::MutexLock lock(&mu_);
  holds_[hold.hold_id()].held = hold;
  Move(hold.member_id(), -hold.points(), hold.points());
}

void Journal::HoldClosed(const redemption::v1::Hold& closed) {
  absl::MutexLock lock(&mu_);
  holds_[closed.hold_id()].closed = closed;
  // A capture keeps what it captured and gives the rest back; a void gives it all back.
  Move(closed.member_id(), closed.points() - closed.captured_points(), -closed.points());
}

void Journal::HoldExpired(const redemption::v1::Hold& expired) {
  absl::MutexLock lock(&mu_);
  holds_[expired.hold_id()].released = expired;
  Move(expired.member_id(), expired.points(), -expired.points());
}

void Journal::RedemptionRefunded(const redemption::v1::RedemptionRefund& refund) {
  absl::MutexLock lock(&mu_);
  redemption_refunds_[refund.refund_id()] = refund;
  Move(refund.member_id(), refund.points(), 0);
}

void Journal::Ordered(const redemption::v1::RewardOrder& order) {
  absl::MutexLock lock(&mu_);
  orders_[order.order_id()] = order;
  Move(order.member_id(), -order.points(), 0);
}

void Journal::Transferred(const account::v1::Transfer& transfer) {
  absl::MutexLock lock(&mu_);
  transfers_[transfer.transfer_id()] = transfer;
  Move(transfer.from_member_id(), -transfer.points(), 0);
  Move(transfer.to_member_id(), transfer.points(), 0);
}

Journal::Points Journal::Expected(const std::string& member_id) const {
  absl::MutexLock lock(&mu_);
  const auto it = points_.find(member_id);
  return it == points_.end() ? Points{} : it->second;
}

std::vector<std::string> Journal::members() const {
  absl::MutexLock lock(&mu_);
  std::vector<std::string> ids;
  for (const auto& [id, points] : points_) ids.push_back(id);
  return ids;
}

}  // namespace coalition::faults
