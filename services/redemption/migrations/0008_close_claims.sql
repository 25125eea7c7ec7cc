-- A capture, void or release first claims the hold (closing_*, with close_caller and friends
-- naming the request), then posts to the ledger, then finishes (state, close_time). A claim left
-- by a crash is finished by the sweeper, which re-sends the very same posting: the ledger answers
-- it from its idempotency key if it was made, or makes it now.
ALTER TABLE holds
  ADD COLUMN closing_state TINYINT NULL,
  ADD COLUMN closing_points BIGINT NULL,
  ADD COLUMN closing_since_us BIGINT NULL,
  ADD KEY holds_closing (closing_since_us);

-- Refunds reserved but not yet posted, and orders whose points were not yet spent, are found by
-- time for the same reason.
ALTER TABLE redemption_refunds ADD KEY refunds_unposted (posting_sequence, refund_time_us);
ALTER TABLE reward_orders ADD KEY orders_unfinished (redemption_id, order_time_us);
