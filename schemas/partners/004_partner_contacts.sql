-- Issue 12, item 1: the data architecture's Partner.contacts
-- (PartnerContact[], named there but not defined). One row per contact
-- person of a partner. Names, emails and phones are personal data:
-- RemovePartnerContact deletes the row (no soft delete), see
-- docs/analytics.md "Partner contacts".
--
-- At most one primary contact per partner (partial unique index); the
-- handlers keep exactly one while the partner has contacts, demoting the
-- old primary before promoting the new one in the same transaction.
CREATE TABLE partner_contacts (
    id UUID PRIMARY KEY,
    partner_id UUID NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    email VARCHAR(255) NOT NULL,
    role VARCHAR(100),
    phone VARCHAR(50),
    is_primary BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_partner_contacts_partner_id ON partner_contacts(partner_id);
CREATE UNIQUE INDEX idx_partner_contacts_one_primary ON partner_contacts(partner_id) WHERE is_primary;
-- One contact per email per partner, ignoring case.
CREATE UNIQUE INDEX idx_partner_contacts_email ON partner_contacts(partner_id, lower(email));
