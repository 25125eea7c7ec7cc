-- A member's pending points (kind 8, MEMBER_PENDING, owner_id = the member id): earned at a
-- partner that confirms later (a car rental, when the car is back). Never negative.
ALTER TABLE accounts DROP CONSTRAINT member_accounts_never_negative;
ALTER TABLE accounts ADD CONSTRAINT member_accounts_never_negative
  CHECK (kind NOT IN (1, 2, 7, 8) OR balance >= 0);
