-- What partners keeps of other contexts, fed by their events. Facts are
-- stored whether or not their company or partnership is known yet, and
-- counted when the analytics are computed, so arrival order does not matter.

-- Handlers serialise per attendee and per company with transaction-scoped
-- advisory locks (always attendee before company), so a fact and a
-- concurrent StartPartnership or CompanyUpdated for the same company cannot
-- both miss each other.

-- Companies (from companies.CompanyCreated / CompanyUpdated): a row means the
-- company is known. Each field keeps the occurredAt of the event that set
-- it, so an older event delivered late does not overwrite a newer value.
CREATE TABLE companies (
    company_id UUID PRIMARY KEY,
    name VARCHAR(255),
    name_as_of TIMESTAMP WITH TIME ZONE,
    employee_count INTEGER,
    employee_count_as_of TIMESTAMP WITH TIME ZONE
);

-- Attendee -> company (from attendees.AttendeeRegistered, and the companyId
-- of AttendanceRecorded). Erasure clears the company and keeps only the
-- bare id with erased = TRUE, so a late fact of an erased attendee is not
-- linked to anyone again.
CREATE TABLE attendees (
    attendee_id UUID PRIMARY KEY,
    company_id UUID,
    erased BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX idx_attendees_company_id ON attendees(company_id);

-- One row per attended registration: recording the same attendance again
-- (any message) counts once. company_id is the company the attendee had
-- when attendance was recorded, or NULL: then the attendee's link decides.
-- attendee_id is NULL after erasure (company_id is then filled in).
CREATE TABLE attendance_facts (
    registration_id UUID PRIMARY KEY,
    event_id UUID NOT NULL,
    attendee_id UUID,
    company_id UUID,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX idx_attendance_facts_attendee_id ON attendance_facts(attendee_id);
CREATE INDEX idx_attendance_facts_company_id ON attendance_facts(company_id);

-- One row per engagement (attendees keeps one content_engagement row per
-- engagement too), keyed by the event's engagementId, or by its message id
-- when it carries none: the same engagement reported again counts once.
-- company_id is the company the event named; when NULL the attendee's link
-- decides (filled in by erasure, like attendance_facts).
CREATE TABLE engagement_facts (
    engagement_id UUID PRIMARY KEY,
    attendee_id UUID,
    company_id UUID,
    content_type TEXT NOT NULL,
    content_id UUID NOT NULL,
    engagement_type TEXT NOT NULL,
    engagement_value DECIMAL(5,2),
    engaged_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX idx_engagement_facts_attendee_id ON engagement_facts(attendee_id);
CREATE INDEX idx_engagement_facts_company_id ON engagement_facts(company_id);
