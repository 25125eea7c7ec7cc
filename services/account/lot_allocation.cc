#include "services/account/lot_allocation.h"

#include <algorithm>
#include <tuple>

#include "services/account/ledger_rules.h"

namespace coalition::account {
namespace {

// Moves up to `points` from the front of `lots` (starting at `next`) into `out`.
int64_t MoveFront(std::vector<LotSlice>& lots, size_t& next, int64_t points,
                  std::vector<LotSlice>* out) {
  int64_t moved = 0;
  while (moved < points && next < lots.size()) {
    LotSlice& lot = lots[next];
    const int64_t part = std::min(lot.points, points - moved);
    if (out != nullptr) out->push_back({lot.origin_sequence, lot.expire_at_us, part});
    lot.points -= part;
    moved += part;
    if (lot.points == 0) ++next;
  }
  return moved;
}

}  // namespace

bool SpentBefore(const LotSlice& a, const LotSlice& b) {
  return std::tie(a.expire_at_us, a.origin_sequence) < std::tie(b.expire_at_us, b.origin_sequence);
}

std::vector<LotSlice> TakeSoonestExpiring(std::vector<LotSlice> lots, int64_t points) {
  std::sort(lots.begin(), lots.end(), SpentBefore);
  std::vector<LotSlice> taken;
  size_t next = 0;
  MoveFront(lots, next, points, &taken);
  return taken;
}

std::vector<LotCredit> AllocateCredits(std::vector<LotSlice> taken, const v1::Posting& posting) {
  std::sort(taken.begin(), taken.end(), SpentBefore);
  size_t next = 0;
  int64_t leaving = 0;
  for (const v1::Leg& leg : posting.legs()) {
    if (leg.points() > 0 && !KeepsLots(leg.account().kind())) leaving += leg.points();
  }
  MoveFront(taken, next, leaving, nullptr);

  std::vector<LotCredit> credits;
  for (int i = 0; i < posting.legs_size(); ++i) {
    const v1::Leg& leg = posting.legs(i);
    if (leg.points() <= 0 || !KeepsLots(leg.account().kind())) continue;
    LotCredit& credit = credits.emplace_back();
    credit.leg = i;
    credit.new_lot_points = leg.points() - MoveFront(taken, next, leg.points(), &credit.moved);
  }
  return credits;
}

}  // namespace coalition::account
