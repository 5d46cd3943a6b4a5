-- Issue 12, item 6: companies.CompanyDeactivated marks the local copy of a
-- company inactive (its speakers stay; the copy says the company is gone).
-- Numbered 005, not 002, so it does not collide with speakers' own next
-- migrations written at the same time; migrations apply by name, gaps allowed.
ALTER TABLE companies
    ADD COLUMN is_active BOOLEAN NOT NULL DEFAULT TRUE,
    ADD COLUMN deactivated_at TIMESTAMP WITH TIME ZONE,
    ADD CONSTRAINT companies_deactivated_when CHECK (is_active = (deactivated_at IS NULL));
