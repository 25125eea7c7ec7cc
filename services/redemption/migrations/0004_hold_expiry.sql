-- A hold not captured by expire_time_us is released (state 4, EXPIRED) by the service's sweeper.
ALTER TABLE holds ADD COLUMN expire_time_us BIGINT NULL, ADD KEY holds_to_expire (state, expire_time_us);
