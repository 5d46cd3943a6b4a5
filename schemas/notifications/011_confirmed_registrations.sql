-- Who holds a seat at which event, from attendees.RegistrationConfirmed and
-- RegistrationCancelled: the programme mails go to them (if subscribed).
-- Erased with the attendee.
CREATE TABLE confirmed_registrations (
    registration_id uuid PRIMARY KEY,
    event_id uuid NOT NULL,
    attendee_id uuid NOT NULL
);
CREATE INDEX confirmed_registrations_event ON confirmed_registrations (event_id);
CREATE INDEX confirmed_registrations_attendee ON confirmed_registrations (attendee_id);
