-- Notifications: the sagas' events turned into email (docs/notifications.md).
--
-- Personal data lives in recipients and in notifications (address and the
-- rendered words); erasure of a speaker or attendee deletes every row about
-- them here, in the handler of SpeakerErased / AttendeeErased.

-- Local copies of speakers and attendees (fed by speakers.SpeakerRegistered,
-- speakers.SpeakerProfileUpdated, attendees.AttendeeRegistered). Last writer
-- wins by the message's occurredAt.
CREATE TABLE recipients (
    id UUID PRIMARY KEY,
    role VARCHAR(20) NOT NULL CHECK (role IN ('speaker', 'attendee')),
    email VARCHAR(255) NOT NULL,
    first_name VARCHAR(100),
    last_name VARCHAR(100),
    -- A language tag as the person gave it; NULL: the configured default.
    language VARCHAR(35),
    reminder_opt_out BOOLEAN NOT NULL DEFAULT FALSE,
    -- Attendees' newsletter flag; NULL for speakers (they have none).
    newsletter_subscription BOOLEAN,
    as_of TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);
CREATE INDEX recipients_email_lower ON recipients (lower(email));

-- What mails say about an event (events.EventCreated).
CREATE TABLE event_copies (
    event_id UUID PRIMARY KEY,
    title VARCHAR(255) NOT NULL,
    event_date TIMESTAMP WITH TIME ZONE NOT NULL,
    venue_name VARCHAR(255) NOT NULL,
    organiser_email VARCHAR(255)
);

-- Open invitations (speakers.SpeakerInvited): reminders and expiry name only
-- the speaker and the session.
CREATE TABLE invitation_copies (
    speaker_id UUID NOT NULL,
    session_id UUID NOT NULL,
    event_id UUID NOT NULL,
    role VARCHAR(50) NOT NULL,
    presentation_title VARCHAR(255),
    response_deadline TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (speaker_id, session_id)
);

-- Registrations that were waitlisted: their RegistrationConfirmed is a promotion.
CREATE TABLE waitlisted_registrations (
    registration_id UUID PRIMARY KEY,
    attendee_id UUID NOT NULL
);
CREATE INDEX waitlisted_registrations_attendee ON waitlisted_registrations (attendee_id);

-- One row per mail: written, rendered, by the handler of the triggering
-- message in its transaction; the sender claims due rows (FOR UPDATE SKIP
-- LOCKED), sends them over SMTP and marks them. The Message-ID header is
-- derived from id, so a mail sent again after a crash is recognisably the same.
CREATE TABLE notifications (
    id UUID PRIMARY KEY,
    -- The triggering message; with recipient_key and kind the mail's identity.
    message_id UUID NOT NULL,
    recipient_key VARCHAR(300) NOT NULL,
    kind VARCHAR(40) NOT NULL,
    -- Whom the mail is about (the recipient, or the speaker an organiser
    -- hears of): erasing that person deletes the row.
    person_id UUID NOT NULL,
    to_address VARCHAR(255) NOT NULL,
    language VARCHAR(2) NOT NULL CHECK (language IN ('de', 'en')),
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    status VARCHAR(10) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    -- The SMTP server's last answer (or why there was none), recipient address masked.
    last_reply TEXT,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at TIMESTAMP WITH TIME ZONE,
    failed_at TIMESTAMP WITH TIME ZONE,
    UNIQUE (message_id, recipient_key, kind)
);
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notifications_person ON notifications (person_id);
CREATE INDEX notifications_to_lower ON notifications (lower(to_address));
