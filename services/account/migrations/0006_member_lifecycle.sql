-- Closing and merging members. Both are final: the member row stays (the ledger refers to it),
-- its account is frozen, and member_state_changes records the change (state 3 CLOSED, 4 MERGED).
-- A merged member's MEMBER account is re-pointed (accounts.member_id) to the member it merged
-- into, so that member's history lists the duplicate's postings too; postings are not touched.
ALTER TABLE members ADD COLUMN close_time_us BIGINT NULL;
ALTER TABLE members ADD COLUMN merged_into_member_id VARCHAR(64) NULL;
