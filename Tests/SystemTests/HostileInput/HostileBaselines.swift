import Foundation
import Identifiers
import Messaging

/// Valid data for every routing key the suite attacks, naming the
/// references: each hostile message is one of these with one thing wrong.
/// A command's is one its worker accepts or refuses for a business reason;
/// an event's is one its consumers take without retrying (it names what
/// they know, or nothing they must wait for).
enum HostileBaselines {
    static func data(_ routingKey: String, _ refs: HostileReferences, now: Date = Date()) -> JSONText? {
        let other = { JSONText.string(Identifier().description) }
        let id = { (id: Identifier) in JSONText.string(id.description) }
        let time = { (date: Date) in JSONText.string(MessageCoding.formatTimestamp(date)) }
        let day = Saga.day
        let tag = refs.tag
        let members: [(String, JSONText)]? =
            switch routingKey {
            // companies
            case "companies.CreateCompany":
                [
                    ("name", .string("Hostile \(tag) \(Identifier().description.prefix(8))")), ("displayName", .string("Hostile")),
                    ("isPartner", .bool(false)), ("website", .string("https://hostile.example.ch")), ("industry", .string("Software")),
                    ("employeeCount", .number(12)), ("description", .string("Made by the hostile-input suite")), ("createdBy", other()),
                ]
            case "companies.UpdateCompany": [("companyId", id(refs.company)), ("displayName", .string("Hostile"))]
            case "companies.AttachCompanyLogo":
                [
                    ("companyId", id(refs.company)), ("fileId", .string("file-\(tag)")), ("fileName", .string("logo.png")),
                    ("mimeType", .string("image/png")), ("fileSizeBytes", .number(2048)), ("s3Key", .string("logos/\(tag).png")),
                    ("uploadedBy", other()),
                ]
            case "companies.RemoveCompanyLogo": [("companyId", id(refs.company)), ("removedBy", other())]
            case "companies.DeactivateCompany": [("companyId", id(refs.spareCompany)), ("deactivatedBy", other())]
            case "companies.CompanyDeactivated":
                [("companyId", id(refs.spareCompany)), ("deactivatedAt", time(now)), ("deactivatedBy", other())]
            case "partners.PartnershipStarted":
                [
                    ("partnerId", other()), ("companyId", other()), ("partnershipLevel", .string("gold")),
                    ("partnershipStartDate", .string("2025-01-01")), ("partnershipFee", .number(10_000)),
                    (
                        "benefits",
                        .object([
                            ("logoPlacement", .array([.string("website")])), ("freeTicketsPerEvent", .number(2)),
                            ("speakingSlotsPerYear", .number(0)), ("newsletterMentionsPerYear", .number(0)),
                        ])
                    ),
                ]
            case "partners.PartnershipEnded":
                [
                    ("partnerId", other()), ("companyId", other()), ("partnershipEndDate", .string("2099-12-31")),
                ]
            // partners
            case "partners.StartPartnership":
                [
                    ("companyId", id(refs.company)), ("partnershipLevel", .string("silver")), ("partnershipStartDate", .string("2025-01-01")),
                ]
            case "partners.ChangePartnershipLevel": [("partnerId", id(refs.partner)), ("partnershipLevel", .string("platinum"))]
            case "partners.EndPartnership": [("partnerId", id(refs.partner)), ("partnershipEndDate", .string("2099-12-31"))]
            case "partners.RecalculatePartnerAnalytics": [("partnerId", id(refs.partner))]
            case "partners.AddPartnerContact":
                [
                    ("partnerId", id(refs.partner)), ("name", .string("Hostile Contact")), ("email", .string("contact.\(tag)@partners.example")),
                    ("role", .string("Marketing")), ("phone", .string("+41 31 123 45 67")), ("isPrimary", .bool(false)),
                ]
            case "partners.UpdatePartnerContact":
                [("partnerId", id(refs.partner)), ("contactId", other()), ("role", .string("Sales")), ("phone", .null)]
            case "partners.RemovePartnerContact": [("partnerId", id(refs.partner)), ("contactId", other()), ("newPrimaryContactId", .null)]
            case "partners.SuggestTopic":
                [
                    ("partnerId", id(refs.partner)), ("contactId", other()), ("title", .string("Hostile topic \(tag)")),
                    ("description", .string("Suggested by the hostile-input suite")),
                ]
            case "partners.VoteTopic":
                [("partnerId", id(refs.partner)), ("contactId", other()), ("topicId", other()), ("suggestionId", .null), ("vote", .string("for"))]
            case "partners.ExportPartnerReport": [("partnerId", id(refs.partner)), ("eventId", .null)]
            case "events.EventTopicDefined":
                [
                    ("eventId", id(refs.event)), ("topicId", other()), ("title", .string("Copy topic \(tag)")), ("description", .null),
                    ("tags", .array([.string("copy")])),
                ]
            case "companies.CompanyCreated":
                [
                    ("companyId", other()), ("name", .string("Copy \(tag)")), ("isPartner", .bool(false)), ("displayName", .string("Copy")),
                    ("industry", .string("Software")), ("employeeCount", .number(10)), ("headquarters", .null),
                    ("socialLinks", .object([("linkedIn", .string("https://www.linkedin.com/company/copy"))])),
                ]
            // A company every consumer knows: speakers retries an update of one it has not heard of.
            case "companies.CompanyUpdated": [("companyId", id(refs.company)), ("name", .string("Copy renamed"))]
            case "attendees.AttendeeRegistered":
                [
                    ("attendeeId", other()), ("email", .string("copy.\(tag)@example.ch")), ("companyId", id(refs.company)),
                ]
            case "attendees.AttendanceRecorded":
                [
                    ("registrationId", other()), ("eventId", id(refs.event)), ("attendeeId", other()), ("companyId", id(refs.company)),
                ]
            case "attendees.ContentEngaged":
                [
                    ("engagementId", other()), ("attendeeId", other()), ("companyId", id(refs.company)), ("contentType", .string("session")),
                    ("contentId", id(refs.session)), ("engagementType", .string("view")), ("engagementValue", .null), ("engagedAt", time(now)),
                ]
            case "attendees.AttendeeErased": [("attendeeId", other())]
            // events
            case "events.CreateEvent":
                [
                    ("eventNumber", .number(Int.random(in: 1...Int(Int32.max)))), ("title", .string("Hostile \(tag)")),
                    ("description", .string("An event of the hostile-input suite")), ("eventDate", time(day.addingTimeInterval(30 * 86_400))),
                    ("registrationDeadline", time(day.addingTimeInterval(20 * 86_400))), ("venueName", .string("Kornhausforum")),
                    ("venueAddress", .string("Kornhausplatz 18, 3011 Bern")), ("venueCapacity", .number(100)), ("organizerId", other()),
                    ("metadata", .object([("source", .string("hostile"))])),
                ]
            case "events.ChangeEventStatus": [("eventId", id(refs.event)), ("status", .string("registration_open"))]
            case "events.ScheduleSession":
                [
                    ("eventId", id(refs.event)), ("title", .string("Hostile talk")), ("description", .string("A talk")),
                    ("sessionType", .string("presentation")), ("startTime", time(day.addingTimeInterval(16 * 3600))),
                    ("endTime", time(day.addingTimeInterval(17 * 3600))), ("room", .string("Saal 2")), ("capacity", .number(40)),
                    ("language", .string("de")),
                ]
            case "events.RescheduleSession":
                [
                    ("sessionId", id(refs.spareSession)), ("startTime", time(day.addingTimeInterval(15 * 3600))),
                    ("endTime", time(day.addingTimeInterval(16 * 3600))), ("room", .string("Saal 3")),
                ]
            case "events.CancelSession": [("sessionId", id(refs.spareSession)), ("reason", .string("Room unavailable"))]
            // Another event than the suite's own, which must stay open and unchanged.
            case "events.UpdateEvent":
                [
                    ("eventId", other()), ("title", .string("Hostile renamed")), ("venueCapacity", .number(200)),
                    ("registrationDeadline", time(day.addingTimeInterval(21 * 86_400))), ("metadata", .object([("k", .string("v"))])),
                ]
            case "events.DefineEventTopic":
                [
                    ("eventId", id(refs.event)), ("title", .string("Hostile topic")), ("description", .string("A topic")),
                    ("tags", .array([.string("hostile")])),
                ]
            case "events.CancelEvent": [("eventId", other()), ("reason", .string("Hostile cancellation"))]
            case "events.UpdateSession":
                [
                    ("sessionId", id(refs.session)), ("title", .string("Hostile talk renamed")), ("description", .string("A talk")),
                    ("capacity", .number(40)), ("language", .string("de")), ("tags", .array([.string("hostile")])),
                    ("prerequisites", .array([.string("None")])), ("targetAudience", .array([.string("beginner")])),
                ]
            // An organiser's: more than the session's limit of materials is still an answer (too_many_materials).
            case "events.AddSessionMaterial":
                [
                    ("sessionId", id(refs.session)), ("kind", .string("slides")), ("fileName", .string("hostile.pdf")),
                    ("mimeType", .string("application/pdf")), ("fileSizeBytes", .number(2048)),
                    ("storageKey", .string("materials/\(tag).pdf")), ("actorId", other()), ("actorRole", .string("organiser")),
                ]
            case "events.RemoveSessionMaterial":
                [("sessionId", id(refs.session)), ("materialId", other()), ("actorId", other()), ("actorRole", .string("organiser"))]
            // A speaker events has not seen: its name copy takes it, no programme names it.
            case "speakers.SpeakerRegistered":
                [
                    ("speakerId", other()), ("email", .string("copy.\(tag)@speakers.example")), ("firstName", .string("Copy")),
                    ("lastName", .string("Speaker")), ("companyId", id(refs.company)), ("position", .null), ("shortBio", .null),
                    ("detailedBio", .null), ("expertiseAreas", .array([])), ("availability", .string("available")),
                ]
            case "speakers.SpeakerProfileUpdated":
                [
                    ("speakerId", other()), ("email", .string("copy.\(tag)@speakers.example")), ("firstName", .string("Copy")),
                    ("lastName", .string("Speaker")), ("companyId", id(refs.company)), ("position", .null),
                    (
                        "profile",
                        .object([
                            ("expertiseAreas", .array([])), ("certifications", .array([])), ("languages", .array([])),
                            ("speakingTopics", .array([])),
                        ])
                    ),
                    ("availability", .string("available")),
                    ("communicationPreferences", .object([("channel", .string("email")), ("reminderOptOut", .bool(false))])),
                    ("speakingHistory", .array([])),
                ]
            case "speakers.SpeakerErased": [("speakerId", other()), ("erasedAt", time(now))]
            case "events.AdvanceEventLifecycle": [("eventId", other()), ("to", .string("in_progress"))]
            case "speakers.SpeakerInvited":
                slot(
                    refs,
                    [
                        ("invitedAt", time(now)), ("responseDeadline", time(now.addingTimeInterval(30 * 86_400))),
                        ("presentationTitle", .string("Copy talk")),
                    ])
            case "speakers.SpeakerConfirmed": slot(refs, [("confirmedAt", time(now))])
            case "speakers.SpeakerDeclined": slot(refs, [("reason", .string("Busy")), ("declinedAt", time(now))])
            case "speakers.SpeakerInvitationExpired": slot(refs, [("responseDeadline", time(now))])
            case "speakers.SpeakerWithdrew": slot(refs, [("reason", .string("Busy"))])
            case "speakers.SpeakerReleased": slot(refs, [("reason", .string("conflict"))])
            case "attendees.RegistrationRequested": [("registrationId", other()), ("eventId", other()), ("attendeeId", other())]
            case "attendees.RegistrationCancelled":
                [
                    ("registrationId", other()), ("eventId", other()), ("attendeeId", other()), ("heldSeat", .bool(false)),
                ]
            // speakers
            case "speakers.RegisterSpeaker":
                [
                    ("email", .string("hostile.\(tag)@speakers.example")), ("firstName", .string("Hostile")), ("lastName", .string("Speaker")),
                    ("companyId", id(refs.company)), ("position", .string("Engineer")), ("shortBio", .string("Short")),
                    ("detailedBio", .string("Longer")), ("expertiseAreas", .array([.string("Swift")])),
                ]
            case "speakers.InviteSpeaker":
                [
                    ("speakerId", id(refs.speaker)), ("sessionId", id(refs.session)), ("role", .string("co_speaker")),
                    ("presentationTitle", .string("Hostile talk")),
                ]
            case "speakers.RespondToInvitation":
                [
                    ("speakerId", id(refs.speaker)), ("sessionId", id(refs.session)), ("response", .string("tentative")),
                    ("reason", .string("Checking my calendar")),
                ]
            case "speakers.WithdrawSpeaker":
                [
                    ("speakerId", id(refs.speaker)), ("sessionId", id(refs.session)), ("reason", .string("Double-booked")),
                ]
            case "speakers.SetSpeakerAvailability": [("speakerId", id(refs.speaker)), ("availability", .string("busy"))]
            case "speakers.UpdateSpeakerProfile":
                [
                    ("speakerId", id(refs.speaker)), ("shortBio", .string("Short")), ("detailedBio", .string("Longer")),
                    ("expertiseAreas", .array([.string("Swift")])), ("profilePhotoUrl", .string("https://img.example.ch/h.png")),
                    ("linkedInUrl", .string("https://www.linkedin.com/in/hostile")), ("twitterHandle", .string("@hostile")),
                    ("certifications", .array([.string("CSM")])), ("languages", .array([.string("de")])),
                    ("speakingTopics", .array([.string("Messaging")])), ("position", .string("Engineer")), ("companyId", id(refs.company)),
                    (
                        "communicationPreferences",
                        .object([("channel", .string("email")), ("language", .string("de")), ("reminderOptOut", .bool(false))])
                    ),
                ]
            case "speakers.GetSpeakerProfile": [("speakerId", id(refs.speaker))]
            case "speakers.EraseSpeaker": [("speakerId", other())]
            case "events.SessionScheduled", "events.SessionRescheduled":
                [
                    ("sessionId", other()), ("eventId", id(refs.event)), ("sessionType", .string("workshop")),
                    ("startTime", time(day.addingTimeInterval(18 * 3600))), ("endTime", time(day.addingTimeInterval(19 * 3600))),
                    ("room", .string("Copy room")), ("title", .string("Copy talk")), ("description", .null),
                ]
            case "events.SessionUpdated":
                [
                    ("sessionId", other()), ("eventId", id(refs.event)), ("changed", .array([.string("title")])),
                    ("title", .string("Copy renamed")), ("description", .string("Copy")), ("sessionType", .string("workshop")),
                    ("startTime", time(day.addingTimeInterval(20 * 3600))), ("endTime", time(day.addingTimeInterval(21 * 3600))),
                    ("room", .string("Copy room")), ("capacity", .number(30)), ("language", .string("de")), ("tags", .array([])),
                    ("prerequisites", .array([])), ("targetAudience", .array([])),
                ]
            case "events.SessionMaterialAdded":
                [
                    ("sessionId", id(refs.session)), ("eventId", id(refs.event)), ("materialId", other()), ("kind", .string("link")),
                    ("url", .string("https://slides.example.ch/hostile")), ("addedBy", other()), ("addedByRole", .string("organiser")),
                    ("addedAt", time(now)),
                ]
            case "events.SessionMaterialRemoved":
                [
                    ("sessionId", id(refs.session)), ("eventId", id(refs.event)), ("materialId", other()), ("removedBy", other()),
                    ("removedByRole", .string("organiser")), ("removedAt", time(now)),
                ]
            case "events.SessionCancelled":
                [
                    ("sessionId", id(refs.spareSession)), ("eventId", id(refs.event)), ("reason", .string("Copy cancelled")),
                ]
            // attendees
            case "attendees.RegisterAttendee":
                [
                    ("eventId", id(refs.event)), ("email", .string("hostile.\(tag)@attendees.example")), ("firstName", .string("Hostile")),
                    ("lastName", .string("Attendee")), ("companyId", id(refs.company)), ("position", .string("Engineer")),
                    ("gdprConsent", .bool(true)), ("newsletterSubscription", .bool(false)), ("specialRequests", .string("Vegetarian")),
                ]
            case "attendees.CancelRegistration": [("registrationId", other())]
            case "attendees.RecordAttendance": [("registrationId", id(refs.registration))]
            case "attendees.RecordContentEngagement":
                [
                    ("attendeeId", id(refs.attendee)), ("contentType", .string("session")), ("contentId", id(refs.session)),
                    ("engagementType", .string("view")), ("engagementValue", .literal("1.5")),
                ]
            case "attendees.EraseAttendee": [("attendeeId", other())]
            case "attendees.UpdateAttendeeProfile":
                [
                    ("attendeeId", id(refs.attendee)), ("firstName", .string("Hostile")), ("position", .string("Engineer")),
                    ("companyId", id(refs.company)),
                    (
                        "profile",
                        .object([
                            ("bio", .string("Tests hostile input")), ("interests", .array([.string("Swift")])),
                            ("experienceLevel", .string("advanced")),
                        ])
                    ),
                    (
                        "preferences",
                        .object([
                            ("topics", .array([.string("Messaging")])), ("sessionTypes", .array([.string("workshop")])), ("language", .string("de")),
                        ])
                    ),
                ]
            case "attendees.GetAttendeeProfile": [("attendeeId", id(refs.attendee))]
            case "attendees.SubscribeNewsletter", "attendees.UnsubscribeNewsletter":
                [("attendeeId", id(refs.attendee)), ("source", .string("website"))]
            case "attendees.WithdrawConsent": [("attendeeId", other())]
            case "attendees.ChooseSessions": [("registrationId", id(refs.registration)), ("sessionIds", .array([id(refs.session)]))]
            case "attendees.ConfirmAttendance": [("registrationId", id(refs.registration))]
            case "attendees.SessionSeatRequested", "attendees.SessionChoiceDropped":
                [
                    ("registrationId", other()), ("eventId", id(refs.event)), ("sessionId", id(refs.session)), ("attendeeId", other()),
                    ("choiceNumber", .number(1)),
                ]
            case "events.SessionSeatReserved":
                [
                    ("registrationId", other()), ("eventId", id(refs.event)), ("sessionId", id(refs.session)), ("choiceNumber", .number(1)),
                    ("seatsTaken", .number(1)), ("capacity", .null),
                ]
            case "events.SessionSeatRejected":
                [
                    ("registrationId", other()), ("eventId", id(refs.event)), ("sessionId", id(refs.session)), ("choiceNumber", .number(1)),
                    ("reason", .string("session_full")),
                ]
            case "events.SeatReserved": [("registrationId", other()), ("eventId", id(refs.event)), ("currentAttendeeCount", .number(1))]
            case "events.SeatRejected": [("registrationId", other()), ("eventId", id(refs.event)), ("reason", .string("event_full"))]
            case "events.SeatReleased": [("registrationId", other()), ("eventId", other()), ("currentAttendeeCount", .number(0))]
            case "events.EventCreated":
                [
                    ("eventId", other()), ("eventNumber", .number(7)), ("title", .string("Copy")), ("description", .null),
                    ("eventDate", time(day.addingTimeInterval(30 * 86_400))), ("registrationDeadline", time(day.addingTimeInterval(20 * 86_400))),
                    ("venueName", .string("Copy venue")), ("venueAddress", .string("Copy address")), ("venueCapacity", .number(50)),
                    ("organizerId", other()), ("metadata", .object([])), ("status", .string("planning")),
                ]
            case "events.EventUpdated":
                [
                    ("eventId", id(refs.event)), ("changed", .array([.string("title")])), ("title", .string("Copy renamed")),
                    ("description", .null), ("eventDate", time(day.addingTimeInterval(30 * 86_400))),
                    ("registrationDeadline", time(day.addingTimeInterval(20 * 86_400))), ("venueName", .string("Copy venue")),
                    ("venueAddress", .string("Copy address")), ("venueCapacity", .number(10_000)), ("metadata", .object([])),
                    ("seatsAdded", .number(0)),
                ]
            case "events.EventCancelled":
                [
                    ("eventId", other()), ("reason", .string("Copy cancelled")), ("previousStatus", .string("planning")),
                    ("seatsReleased", .number(0)),
                ]
            case "events.EventStatusChanged":
                [
                    ("eventId", id(refs.event)), ("from", .string("published")), ("to", .string("registration_open")),
                ]
            default: nil
            }
        return members.map(JSONText.object)
    }

    /// Values a command must not repeat to be carried out (a company's
    /// name, an event's number, an email address), made anew for each
    /// message so that each variant meets the rule it breaks, not "exists".
    static func fresh(_ routingKey: String) -> [(String, JSONText)] {
        let unique = Identifier().description.suffix(12)
        return switch routingKey {
        case "companies.CreateCompany": [("name", .string("Hostile \(unique)"))]
        case "events.CreateEvent": [("eventNumber", .number(Int.random(in: 1...Int(Int32.max))))]
        case "events.DefineEventTopic": [("title", .string("Hostile topic \(unique)"))]
        case "speakers.RegisterSpeaker": [("email", .string("hostile.\(unique)@speakers.example"))]
        case "attendees.RegisterAttendee": [("email", .string("hostile.\(unique)@attendees.example"))]
        case "partners.AddPartnerContact": [("email", .string("hostile.\(unique)@partners.example"))]
        default: []
        }
    }

    /// A speakers invitation event about a speaker events has not seen, on the invited session.
    private static func slot(_ refs: HostileReferences, _ rest: [(String, JSONText)]) -> [(String, JSONText)] {
        [
            ("speakerId", .string(Identifier().description)), ("sessionId", .string(refs.session.description)),
            ("eventId", .string(refs.event.description)), ("role", .string("co_speaker")),
        ] + rest
    }
}
