import Identifiers
public import Messaging
import Postgres
import Retry

/// The notifications worker: keeps copies of speakers, attendees, events and
/// open invitations, turns the sagas' events into notification rows (one per
/// message, recipient and kind, rendered in the recipient's language), and
/// sends them over SMTP with its `NotificationSender` companion. It publishes
/// nothing and takes no commands.
///
/// `events.EventCancelled` is not read yet: it comes with the events
/// cancellation saga, whose attendees' `RegistrationCancelled` and speakers'
/// `SpeakerReleased` (reason `event_cancelled`) already reach people here.
public enum NotificationsWorker {
    public static let name = "notifications"

    public static func definition(_ settings: NotificationsSettings = NotificationsSettings()) -> WorkerDefinition {
        let planner = MailPlanner(.init(defaultLanguage: settings.defaultLanguage, organiserEmail: settings.organiserEmail))
        let writer = MailWriter(planner: planner, templates: .all)
        let speakers = SpeakerMailHandlers(writer: writer)
        let registrations = RegistrationMailHandlers(writer: writer)
        let person = RecipientHandlers.personKey
        return WorkerDefinition(
            name: name,
            handlers: [
                .handle(SpeakerRegistered.self, locking: { e, _ in person(e.data.speakerId) }, with: RecipientHandlers.speakerRegistered),
                .handle(SpeakerProfileUpdated.self, locking: { e, _ in person(e.data.speakerId) }, with: RecipientHandlers.speakerProfileUpdated),
                .handle(SpeakerErased.self, locking: { e, _ in person(e.data.speakerId) }, with: RecipientHandlers.speakerErased),
                .handle(AttendeeRegistered.self, locking: { e, _ in person(e.data.attendeeId) }, with: RecipientHandlers.attendeeRegistered),
                .handle(AttendeeErased.self, locking: { e, _ in person(e.data.attendeeId) }, with: RecipientHandlers.attendeeErased),
                .handle(EventCreated.self, with: EventCopyHandlers.eventCreated),
                .handle(EventUpdated.self, with: EventCopyHandlers.eventUpdated),
                .handle(EventCancelled.self, with: EventCopyHandlers.eventCancelled),
                .handle(SpeakerInvited.self, locking: { e, _ in person(e.data.speakerId) }, with: { try speakers.speakerInvited($0, &$1, $2) }),
                .handle(
                    SpeakerInvitationReminderDue.self, locking: { e, _ in person(e.data.speakerId) }, with: { try speakers.reminderDue($0, &$1, $2) }),
                .handle(
                    SpeakerInvitationExpired.self, locking: { e, _ in person(e.data.speakerId) },
                    with: { try speakers.invitationExpired($0, &$1, $2) }),
                .handle(SpeakerConfirmed.self, locking: { e, _ in person(e.data.speakerId) }, with: { try speakers.speakerConfirmed($0, &$1, $2) }),
                .handle(SpeakerReleased.self, locking: { e, _ in person(e.data.speakerId) }, with: { try speakers.speakerReleased($0, &$1, $2) }),
                .handle(
                    RegistrationConfirmed.self, locking: { e, _ in person(e.data.fields.attendeeId) },
                    with: { try registrations.confirmed($0, &$1, $2) }),
                .handle(
                    RegistrationWaitlisted.self, locking: { e, _ in person(e.data.attendeeId) }, with: { try registrations.waitlisted($0, &$1, $2) }),
                .handle(RegistrationRejected.self, locking: { e, _ in person(e.data.attendeeId) }, with: { try registrations.rejected($0, &$1, $2) }),
                .handle(
                    RegistrationCancelled.self, locking: { e, _ in person(e.data.fields.attendeeId) },
                    with: { try registrations.cancelled($0, &$1, $2) }),
                .handle(
                    EventProgrammePublished.self, locking: { e, db in try seatHolders(e.data.fields.eventId, db) },
                    with: { try registrations.programme($0, &$1, $2) }),
                .handle(
                    EventProgrammeChanged.self, locking: { e, db in try seatHolders(e.data.fields.eventId, db) },
                    with: { try registrations.programme($0, &$1, $2) }),
            ],
            companions: [sender(settings)]
        )
    }

    /// The person keys of everyone holding a seat at the event: a programme
    /// mail is written beside any erasure of one of them, never across it.
    static func seatHolders(_ event: Identifier, _ db: isolated PostgresConnection) throws -> [String] {
        try NotificationStore.confirmedAttendees(of: event, db).flatMap(RecipientHandlers.personKey)
    }

    /// The SMTP sender, in the worker's service group.
    static func sender(_ settings: NotificationsSettings) -> Companion {
        Companion(name: "sender") { parts in
            NotificationSender(
                database: parts.database,
                transport: SMTPTransport(server: settings.smtp, sender: MailSender(address: settings.fromAddress)),
                configuration: NotificationSender.Configuration(
                    pollInterval: settings.pollInterval, retry: Backoff(initial: .seconds(1), maximum: settings.retryMaximum)
                ),
                metrics: SenderMetrics(worker: name, factory: parts.metrics),
                logger: parts.logger
            )
        }
    }
}
