// The client's journal: every definitive answer the platform gave the harness that changed
// something, and what it means for each member's points. The reconciliation holds the platform
// to this, never to itself: a balance is right when it equals what the answers add up to.
//
//   Journal journal(member_ids);
//   journal.Redeemed(redemption);            // available -= redemption.points()
//   Journal::Points expected = journal.Expected(member_id);
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "coalition/account/v1/account.pb.h"
#include "coalition/earning/v1/earning.pb.h"
#include "coalition/redemption/v1/redemption.pb.h"

namespace coalition::faults {

class Journal {
 public:
  struct Points {
    int64_t available = 0;
    int64_t held = 0;
  };

  // What the client knows of a hold: as HoldPoints answered it, and as the capture or void that
  // closed it answered, if one did.
  struct KnownHold {
    redemption::v1::Hold held;
    redemption::v1::Hold closed;    // state CAPTURED or VOIDED; unset if no close succeeded
    redemption::v1::Hold released;  // state EXPIRED: read at the end (the sweeper's doing)
  };

  void AddMember(const std::string& member_id);

  // One per OK answer; each moves the member's expected points as the answer says.
  void Earned(const earning::v1::Purchase& purchase);
  void PurchaseRefunded(const earning::v1::Refund& refund);
  void Redeemed(const redemption::v1::Redemption& redemption);
  void Held(const redemption::v1::Hold& hold);
  void HoldClosed(const redemption::v1::Hold& closed);    // CapturePoints or VoidHold
  void HoldExpired(const redemption::v1::Hold& expired);  // found EXPIRED at the end
  void RedemptionRefunded(const redemption::v1::RedemptionRefund& refund);
  void Ordered(const redemption::v1::RewardOrder& order);
  void Transferred(const account::v1::Transfer& transfer);

  Points Expected(const std::string& member_id) const;
  std::vector<std::string> members() const;

  // The answers, by the id each names; read once the workload is over, when nothing writes.
  const std::map<std::string, earning::v1::Purchase>& purchases() const
      ABSL_NO_THREAD_SAFETY_ANALYSIS {
    return purchases_;
  }
  const std::map<std::string, earning::v1::Refund>& purchase_refunds() const
      ABSL_NO_THREAD_SAFETY_ANALYSIS {
    return purchase_refunds_;
  }
  const std::map<std::string, redemption::v1::Redemption>& redemptions() const
      ABSL_NO_THREAD_SAFETY_ANALYSIS {
    return redemptions_;
  }
  const std::map<std::string, KnownHold>& holds() const ABSL_NO_THREAD_SAFETY_ANALYSIS {
    return holds_;
  }
  const std::map<std::string, redemption::v1::RedemptionRefund>& redemption_refunds() const
      ABSL_NO_THREAD_SAFETY_ANALYSIS {
    return redemption_refunds_;
  }
  const std::map<std::string, redemption::v1::RewardOrder>& orders() const
      ABSL_NO_THREAD_SAFETY_ANALYSIS {
    return orders_;
  }
  const std::map<std::string, account::v1::Transfer>& transfers() const
      ABSL_NO_THREAD_SAFETY_ANALYSIS {
    return transfers_;
  }

 private:
  void Move(const std::string& member_id, int64_t available, int64_t held)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::map<std::string, Points> points_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, earning::v1::Purchase> purchases_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, earning::v1::Refund> purchase_refunds_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, redemption::v1::Redemption> redemptions_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, KnownHold> holds_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, redemption::v1::RedemptionRefund> redemption_refunds_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, redemption::v1::RewardOrder> orders_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, account::v1::Transfer> transfers_ ABSL_GUARDED_BY(mu_);
};

}  // namespace coalition::faults
