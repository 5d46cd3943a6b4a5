-- Attendee Experience: attendees, event_registrations, content_engagement from
-- the data architecture, column for column, with these changes:
--   * gen_random_uuid() instead of uuid_generate_v4() (no extension needed);
--   * email is unique case-insensitively (unique index on lower(email)) instead
--     of UNIQUE(email), which also replaces the plain idx_attendees_email;
--   * erasure (GDPR): erased_at, and the personal columns are NULL once erased,
--     so NOT NULL on email/first_name/last_name becomes a CHECK on live rows;
--   * booleans and timestamps with defaults are NOT NULL;
--   * registrations: status 'rejected' (a seat refused for a reason other than
--     a full event), the rejection reason, a FIFO waitlist position, and
--     seat_requested_at (a seat request to events is in flight).

CREATE TABLE attendees (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    email VARCHAR(255),
    first_name VARCHAR(100),
    last_name VARCHAR(100),
    company_id UUID, -- References company service (optional)
    position VARCHAR(255),
    newsletter_subscription BOOLEAN NOT NULL DEFAULT FALSE,
    gdpr_consent_given BOOLEAN NOT NULL DEFAULT FALSE,
    gdpr_consent_date TIMESTAMP WITH TIME ZONE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    last_login_at TIMESTAMP WITH TIME ZONE,
    -- Set by erasure; from then on nothing in the row points to a person.
    erased_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT attendees_live_or_erased CHECK (
        (erased_at IS NULL
            AND email IS NOT NULL AND first_name IS NOT NULL AND last_name IS NOT NULL
            AND gdpr_consent_given AND gdpr_consent_date IS NOT NULL)
        OR (erased_at IS NOT NULL
            AND email IS NULL AND first_name IS NULL AND last_name IS NULL
            AND company_id IS NULL AND position IS NULL AND last_login_at IS NULL
            AND NOT newsletter_subscription AND NOT gdpr_consent_given AND gdpr_consent_date IS NULL)
    ),
    CONSTRAINT attendees_names_not_blank CHECK (btrim(first_name) <> '' AND btrim(last_name) <> ''),
    CONSTRAINT attendees_email_trimmed CHECK (email = btrim(email) AND email LIKE '%_@_%')
);

-- Event registrations (many-to-many)
CREATE TABLE event_registrations (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id UUID NOT NULL, -- References event service
    attendee_id UUID NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,
    registration_date TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    status VARCHAR(50) NOT NULL CHECK (status IN (
        'registered', 'waitlisted', 'confirmed', 'cancelled', 'attended', 'rejected'
    )) DEFAULT 'registered',
    special_requests TEXT,
    attendance_confirmed BOOLEAN NOT NULL DEFAULT FALSE,
    actual_attendance BOOLEAN NOT NULL DEFAULT FALSE,
    -- 1..n among the event's waitlisted registrations, FIFO; NULL otherwise.
    waitlist_position INTEGER CHECK (waitlist_position > 0),
    -- A RegistrationRequested is out and its SeatReserved/SeatRejected not yet in.
    seat_requested_at TIMESTAMP WITH TIME ZONE,
    rejection_reason VARCHAR(50) CHECK (rejection_reason IN (
        'registration_closed', 'deadline_passed', 'unknown_event'
    )),
    status_changed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    UNIQUE (event_id, attendee_id),
    -- Checked at the end of each statement, so closing up the queue with one
    -- UPDATE (position - 1) does not trip over itself.
    CONSTRAINT event_registrations_waitlist_position_key
        UNIQUE (event_id, waitlist_position) DEFERRABLE INITIALLY IMMEDIATE,
    CONSTRAINT event_registrations_waitlisted_has_position
        CHECK ((status = 'waitlisted') = (waitlist_position IS NOT NULL)),
    CONSTRAINT event_registrations_rejected_has_reason
        CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL)),
    CONSTRAINT event_registrations_seat_request_open
        CHECK (CASE status
            WHEN 'registered' THEN seat_requested_at IS NOT NULL
            WHEN 'waitlisted' THEN TRUE
            ELSE seat_requested_at IS NULL END),
    CONSTRAINT event_registrations_attended
        CHECK (actual_attendance = (status = 'attended'))
);

-- Content engagement tracking
CREATE TABLE content_engagement (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    attendee_id UUID NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,
    content_type VARCHAR(50) NOT NULL, -- 'session', 'document', 'video', etc.
    content_id UUID NOT NULL,
    engagement_type VARCHAR(50) NOT NULL, -- 'view', 'download', 'rating', etc.
    engagement_value DECIMAL(5,2), -- rating score or duration
    engaged_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT content_engagement_types_not_blank
        CHECK (btrim(content_type) <> '' AND btrim(engagement_type) <> ''),
    CONSTRAINT content_engagement_rating
        CHECK (engagement_type <> 'rating' OR (engagement_value IS NOT NULL AND engagement_value BETWEEN 1 AND 5)),
    CONSTRAINT content_engagement_value_not_negative
        CHECK (engagement_value >= 0)
);

-- Indexes
CREATE UNIQUE INDEX attendees_email_lower_key ON attendees (lower(email));
CREATE INDEX idx_attendees_company_id ON attendees(company_id);
CREATE INDEX idx_event_registrations_event_id ON event_registrations(event_id);
CREATE INDEX idx_event_registrations_attendee_id ON event_registrations(attendee_id);
CREATE INDEX idx_content_engagement_attendee_id ON content_engagement(attendee_id);

-- Local copy of events (read replica fed by events.EventCreated and
-- events.EventStatusChanged). Last writer wins on status by the message's
-- occurredAt, so a late or redelivered message cannot turn the clock back.
CREATE TABLE event_copies (
    event_id UUID PRIMARY KEY,
    event_number INTEGER NOT NULL,
    title VARCHAR(255) NOT NULL,
    event_date TIMESTAMP WITH TIME ZONE NOT NULL,
    registration_deadline TIMESTAMP WITH TIME ZONE NOT NULL,
    venue_capacity INTEGER NOT NULL,
    status VARCHAR(50) NOT NULL CHECK (status IN (
        'planning', 'topic_defined', 'speakers_invited', 'agenda_draft',
        'published', 'registration_open', 'registration_closed',
        'in_progress', 'completed', 'archived'
    )),
    status_changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    copied_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);

-- One row per event whose waitlist was ever touched: the per-event lock.
-- Every change of waitlist positions first locks this row (upsert), so
-- competing consumers assign and close up positions one at a time.
CREATE TABLE event_waitlists (
    event_id UUID PRIMARY KEY,
    touched_at TIMESTAMP WITH TIME ZONE NOT NULL
);
