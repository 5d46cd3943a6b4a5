public import Foundation

/// Which mail a fact calls for and what its template is given. Pure: the
/// copies, the settings and the time zone come in, a `PlannedMail` (or none)
/// goes out.
public struct MailPlanner: Sendable {
    public struct Configuration: Sendable, Equatable {
        /// For recipients who named no language (attendees never do). Default German.
        public var defaultLanguage: MailLanguage
        /// Where "speaker confirmed" goes when the event names no organiser;
        /// nil: nowhere. Default nil.
        public var organiserEmail: String?
        /// Dates in mails are shown in this zone. Default Europe/Zurich.
        public var timeZone: TimeZone

        public init(defaultLanguage: MailLanguage = .de, organiserEmail: String? = nil, timeZone: TimeZone? = nil) {
            self.defaultLanguage = defaultLanguage
            self.organiserEmail = organiserEmail
            self.timeZone = timeZone ?? TimeZone(identifier: "Europe/Zurich") ?? TimeZone(secondsFromGMT: 3600) ?? .current
        }
    }

    public let configuration: Configuration

    public init(_ configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    // MARK: speakers

    public func invited(_ speaker: Recipient, _ invitation: InvitationCopy, _ event: EventCopy) -> PlannedMail {
        mail(.speakerInvited, to: speaker, event: event, invitation: invitation)
    }

    /// None for a speaker who opted out of reminders.
    public func reminder(_ speaker: Recipient, _ invitation: InvitationCopy, _ event: EventCopy, daysLeft: Int) -> PlannedMail? {
        guard !speaker.reminderOptOut else { return nil }
        return mail(.invitationReminder, to: speaker, event: event, invitation: invitation, ["daysLeft": String(daysLeft)])
    }

    public func expired(_ speaker: Recipient, _ invitation: InvitationCopy, _ event: EventCopy) -> PlannedMail {
        mail(.invitationExpired, to: speaker, event: event, invitation: invitation)
    }

    public func released(_ speaker: Recipient, role: String, reason: String, _ event: EventCopy) -> PlannedMail {
        let language = language(of: speaker)
        return mail(
            .speakerReleased, to: speaker, event: event,
            ["role": Wording.role(role, in: language), "reason": Wording.release(reason, in: language)]
        )
    }

    /// To the event's organiser, or the configured one; none when neither is known.
    public func confirmed(_ speaker: Recipient, role: String, _ event: EventCopy) -> PlannedMail? {
        guard let organiser = organiser(of: event) else { return nil }
        let language = configuration.defaultLanguage
        var values = eventValues(event, language)
        values["speakerName"] = speaker.fullName.isEmpty ? speaker.email : speaker.fullName
        values["role"] = Wording.role(role, in: language)
        return PlannedMail(
            kind: .speakerConfirmed, recipientKey: "organiser", personId: speaker.id, to: organiser, language: language, values: values
        )
    }

    /// The event's organiser address, else the configured one.
    public func organiser(of event: EventCopy) -> String? {
        event.organiserEmail ?? configuration.organiserEmail
    }

    // MARK: attendees

    public func registration(_ kind: MailKind, _ attendee: Recipient, _ event: EventCopy) -> PlannedMail {
        mail(kind, to: attendee, event: event)
    }

    /// The programme, a line per session in time order (time, title, room,
    /// speakers), to an attendee who subscribed; none otherwise.
    public func programme(_ attendee: Recipient, _ event: EventCopy, sessions: [ProgrammeSession]) -> PlannedMail? {
        guard attendee.newsletter == true else { return nil }
        let language = language(of: attendee)
        let times = DateFormatter()
        times.locale = Locale(identifier: language == .de ? "de_CH" : "en_GB")
        times.timeZone = configuration.timeZone
        times.dateFormat = "HH:mm"
        let lines = sessions.map { session in
            let names = session.speakers.compactMap { speaker in
                [speaker.firstName, speaker.lastName].compactMap { $0 }.joined(separator: " ")
            }.filter { !$0.isEmpty }
            return "\(times.string(from: session.startTime))–\(times.string(from: session.endTime)) \(session.title)"
                + (session.room.map { ", \($0)" } ?? "") + (names.isEmpty ? "" : " (\(names.joined(separator: ", ")))")
        }
        return mail(.programmePublished, to: attendee, event: event, ["programme": lines.joined(separator: "\n\n")])
    }

    public func waitlisted(_ attendee: Recipient, _ event: EventCopy, position: Int) -> PlannedMail {
        mail(.registrationWaitlisted, to: attendee, event: event, ["position": String(position)])
    }

    public func rejected(_ attendee: Recipient, _ event: EventCopy, reason: String) -> PlannedMail {
        mail(.registrationRejected, to: attendee, event: event, ["reason": Wording.rejection(reason, in: language(of: attendee))])
    }

    // MARK: parts

    func language(of recipient: Recipient) -> MailLanguage {
        MailLanguage.forTag(recipient.language, fallback: configuration.defaultLanguage)
    }

    private func mail(
        _ kind: MailKind, to recipient: Recipient, event: EventCopy, invitation: InvitationCopy? = nil, _ extra: [String: String] = [:]
    ) -> PlannedMail {
        let language = language(of: recipient)
        var values = eventValues(event, language)
        values["firstName"] = recipient.firstName
        values["lastName"] = recipient.lastName
        values["fullName"] = recipient.fullName.isEmpty ? nil : recipient.fullName
        if let invitation {
            values["role"] = Wording.role(invitation.role, in: language)
            values["deadline"] = Wording.date(invitation.responseDeadline, in: language, timeZone: configuration.timeZone)
            values["presentationTitle"] = invitation.presentationTitle
        }
        values.merge(extra) { $1 }
        return PlannedMail(kind: kind, recipientKey: recipient.key, personId: recipient.id, to: recipient.email, language: language, values: values)
    }

    private func eventValues(_ event: EventCopy, _ language: MailLanguage) -> [String: String] {
        [
            "eventTitle": event.title, "eventDate": Wording.date(event.date, in: language, timeZone: configuration.timeZone),
            "venue": event.venue,
        ]
    }
}
