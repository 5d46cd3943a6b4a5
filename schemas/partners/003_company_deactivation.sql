-- Issue 12, item 6: companies.CompanyDeactivated in the local copy of
-- companies. A deactivated company gets no new partnership
-- (StartPartnership is refused company_deactivated); the time is the
-- event's occurredAt. A row made by it alone still means "known".
ALTER TABLE companies ADD COLUMN deactivated_at TIMESTAMP WITH TIME ZONE;
