-- Whether a partner has a relationship with a member (earned or spent there): the gateway lets a
-- partner, or a partner's mobile backend, read only such members (docs/gateway.md).
ALTER TABLE postings ADD KEY postings_by_member_partner (member_id, partner_id);
