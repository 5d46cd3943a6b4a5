-- Issue 12 (items 7-11): the attendee's profile and content preferences,
-- newsletter with its time and source, consent withdrawal, RSVP, session
-- choices with their seats, and a copy of events' sessions. Decisions:
-- docs/attendees.md.

-- The seed's AttendeeProfile (bio, interests, experience level) and
-- ContentPreferences (topics, session types, language), spelled out here.
ALTER TABLE attendees
    ADD COLUMN bio TEXT,
    ADD COLUMN interests TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN experience_level VARCHAR(20)
        CONSTRAINT attendees_experience_level_check
        CHECK (experience_level IN ('beginner', 'intermediate', 'advanced', 'expert')),
    ADD COLUMN preferred_topics TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN preferred_session_types TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN preferred_language VARCHAR(10)
        CONSTRAINT attendees_preferred_language_check CHECK (preferred_language IN ('de', 'en', 'fr', 'it')),
    -- When and through what the newsletter subscription last changed.
    ADD COLUMN newsletter_changed_at TIMESTAMP WITH TIME ZONE,
    ADD COLUMN newsletter_source VARCHAR(50)
        CONSTRAINT attendees_newsletter_source_check
        CHECK (newsletter_source IN ('website', 'registration', 'email_link', 'organizer', 'consent_withdrawn')),
    -- Set by WithdrawConsent, cleared by a registration that gives consent again.
    ADD COLUMN consent_withdrawn_at TIMESTAMP WITH TIME ZONE,
    ADD CONSTRAINT attendees_lists_bounded CHECK (
        cardinality(interests) <= 20 AND cardinality(preferred_topics) <= 20 AND cardinality(preferred_session_types) <= 7
    ),
    ADD CONSTRAINT attendees_newsletter_change_complete
        CHECK ((newsletter_changed_at IS NULL) = (newsletter_source IS NULL));

-- Three kinds of row now: live (consent given), restricted (consent
-- withdrawn: only who she is remains, the identity a registration record and
-- her past attendance need) and erased (nothing personal at all).
ALTER TABLE attendees DROP CONSTRAINT attendees_live_or_erased;
ALTER TABLE attendees ADD CONSTRAINT attendees_live_restricted_or_erased CHECK (
    (erased_at IS NULL
        AND email IS NOT NULL AND first_name IS NOT NULL AND last_name IS NOT NULL
        AND gdpr_consent_given AND gdpr_consent_date IS NOT NULL AND consent_withdrawn_at IS NULL)
    OR (erased_at IS NULL
        AND email IS NOT NULL AND first_name IS NOT NULL AND last_name IS NOT NULL
        AND NOT gdpr_consent_given AND gdpr_consent_date IS NULL AND consent_withdrawn_at IS NOT NULL
        AND position IS NULL AND bio IS NULL AND interests = '{}' AND experience_level IS NULL
        AND preferred_topics = '{}' AND preferred_session_types = '{}' AND preferred_language IS NULL
        AND NOT newsletter_subscription)
    OR (erased_at IS NOT NULL
        AND email IS NULL AND first_name IS NULL AND last_name IS NULL
        AND company_id IS NULL AND position IS NULL AND last_login_at IS NULL
        AND NOT newsletter_subscription AND NOT gdpr_consent_given AND gdpr_consent_date IS NULL
        AND bio IS NULL AND interests = '{}' AND experience_level IS NULL
        AND preferred_topics = '{}' AND preferred_session_types = '{}' AND preferred_language IS NULL
        AND newsletter_changed_at IS NULL AND newsletter_source IS NULL AND consent_withdrawn_at IS NULL)
);

-- RSVP: the attendee's own "I will come" (the seed's attendanceConfirmed), and when.
ALTER TABLE event_registrations
    ADD COLUMN attendance_confirmed_at TIMESTAMP WITH TIME ZONE,
    ADD CONSTRAINT event_registrations_rsvp_dated
        CHECK (attendance_confirmed = (attendance_confirmed_at IS NOT NULL));

-- The seed's EventRegistration.sessionPreferences, one row per chosen
-- session, with its seat: events owns session capacity and answers each
-- SessionSeatRequested (as it does event seats).
--   pending   the registration holds no event seat yet; asked once it does
--   requested SessionSeatRequested is out, events has not answered
--   reserved  events holds a seat in the session for the registration
--   rejected  events refused (rejection_reason); choosing it again asks again
--   released  the registration was cancelled; events freed the seat itself
--   dropped   no longer chosen; kept so that choosing it again counts on
CREATE TABLE registration_sessions (
    registration_id UUID NOT NULL REFERENCES event_registrations(id) ON DELETE CASCADE,
    session_id UUID NOT NULL,
    event_id UUID NOT NULL,
    -- Which choice of the session this is: 1, then one more each time it is
    -- chosen again (after a drop or a refusal). The seat messages carry it,
    -- so events tells a stale message from a current one without a clock.
    choice_number INTEGER NOT NULL CHECK (choice_number > 0),
    status VARCHAR(20) NOT NULL CHECK (status IN ('pending', 'requested', 'reserved', 'rejected', 'released', 'dropped')),
    rejection_reason VARCHAR(50) CHECK (rejection_reason IN (
        'session_full', 'unknown_session', 'session_cancelled', 'no_event_seat'
    )),
    chosen_at TIMESTAMP WITH TIME ZONE NOT NULL,
    status_changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (registration_id, session_id),
    CONSTRAINT registration_sessions_rejected_has_reason CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL))
);

-- Local copy of events' sessions (events.SessionScheduled, SessionCancelled):
-- what a session choice and an engagement's contentId are checked against.
-- Cancelled is final, whatever order the two arrive in.
CREATE TABLE session_copies (
    session_id UUID PRIMARY KEY,
    event_id UUID NOT NULL,
    status VARCHAR(20) NOT NULL CHECK (status IN ('scheduled', 'cancelled')),
    copied_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX idx_session_copies_event_id ON session_copies(event_id);
