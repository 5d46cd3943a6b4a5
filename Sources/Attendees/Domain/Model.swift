public import Foundation
public import Identifiers

/// Why a command cannot be carried out: a snake_case code and a sentence.
/// Messages never repeat the personal data they refuse.
public struct Rejection: Error, Sendable, Hashable {
    public var reason: String
    public var message: String

    public init(_ reason: String, _ message: String) {
        self.reason = reason
        self.message = message
    }
}

/// What identifies a person. Erasure removes it as a whole.
public struct PersonalData: Sendable, Hashable {
    public var email: String
    public var firstName: String
    public var lastName: String
    public var companyId: Identifier?
    public var position: String?

    public init(email: String, firstName: String, lastName: String, companyId: Identifier? = nil, position: String? = nil) {
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.companyId = companyId
        self.position = position
    }
}

/// A row of `attendees`.
public struct Attendee: Sendable, Hashable {
    public var id: Identifier
    /// nil once erased.
    public var personal: PersonalData?
    public var profile: AttendeeProfile
    public var preferences: ContentPreferences
    public var newsletterSubscription: Bool
    /// When and through what the subscription last changed; nil before it ever did.
    public var newsletterChange: NewsletterChange?
    public var gdprConsentGiven: Bool
    public var gdprConsentDate: Date?
    /// Set by WithdrawConsent; a registration giving consent again clears it.
    public var consentWithdrawnAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var lastLoginAt: Date?
    public var erasedAt: Date?

    public init(
        id: Identifier, personal: PersonalData?, profile: AttendeeProfile = .empty, preferences: ContentPreferences = .empty,
        newsletterSubscription: Bool, newsletterChange: NewsletterChange? = nil, gdprConsentGiven: Bool, gdprConsentDate: Date?,
        consentWithdrawnAt: Date? = nil, createdAt: Date, updatedAt: Date, lastLoginAt: Date? = nil, erasedAt: Date? = nil
    ) {
        self.id = id
        self.personal = personal
        self.profile = profile
        self.preferences = preferences
        self.newsletterSubscription = newsletterSubscription
        self.newsletterChange = newsletterChange
        self.gdprConsentGiven = gdprConsentGiven
        self.gdprConsentDate = gdprConsentDate
        self.consentWithdrawnAt = consentWithdrawnAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.lastLoginAt = lastLoginAt
        self.erasedAt = erasedAt
    }

    public var isErased: Bool { erasedAt != nil }
    /// Consent withdrawn: only her identity is kept, and nothing is done
    /// for her until a registration gives consent again.
    public var isRestricted: Bool { consentWithdrawnAt != nil }
    public var companyId: Identifier? { personal?.companyId }
}

/// `event_registrations.status`. The seed's five plus `rejected`.
public enum RegistrationStatus: String, Codable, Sendable, Hashable, CaseIterable {
    /// Waiting for events' answer to the first seat request.
    case registered
    case waitlisted
    case confirmed
    case cancelled
    case attended
    /// events refused a seat for a reason other than a full event.
    case rejected

    /// Still in the running for, or holding, a seat.
    public var isOpen: Bool { self == .registered || self == .waitlisted || self == .confirmed }
}

/// A row of `event_registrations`.
public struct Registration: Sendable, Hashable {
    public var id: Identifier
    public var eventId: Identifier
    public var attendeeId: Identifier
    public var registrationDate: Date
    public var status: RegistrationStatus
    public var specialRequests: String?
    /// The attendee's RSVP (ConfirmAttendance), and when she gave it.
    public var attendanceConfirmed: Bool
    public var attendanceConfirmedAt: Date?
    public var actualAttendance: Bool
    /// 1...n among the event's waitlisted registrations; nil unless waitlisted.
    public var waitlistPosition: Int?
    /// Set while a RegistrationRequested for it awaits events' answer.
    public var seatRequestedAt: Date?
    public var rejectionReason: RegistrationRejectionReason?
    public var statusChangedAt: Date

    public init(
        id: Identifier, eventId: Identifier, attendeeId: Identifier, registrationDate: Date, status: RegistrationStatus,
        specialRequests: String? = nil, attendanceConfirmed: Bool = false, attendanceConfirmedAt: Date? = nil, actualAttendance: Bool = false,
        waitlistPosition: Int? = nil, seatRequestedAt: Date? = nil, rejectionReason: RegistrationRejectionReason? = nil,
        statusChangedAt: Date
    ) {
        self.id = id
        self.eventId = eventId
        self.attendeeId = attendeeId
        self.registrationDate = registrationDate
        self.status = status
        self.specialRequests = specialRequests
        self.attendanceConfirmed = attendanceConfirmed
        self.attendanceConfirmedAt = attendanceConfirmedAt
        self.actualAttendance = actualAttendance
        self.waitlistPosition = waitlistPosition
        self.seatRequestedAt = seatRequestedAt
        self.rejectionReason = rejectionReason
        self.statusChangedAt = statusChangedAt
    }

    /// Moves to `status` and clears what only the old status had.
    func moved(to status: RegistrationStatus, at now: Date) -> Registration {
        var next = self
        next.status = status
        next.statusChangedAt = now
        next.seatRequestedAt = nil
        if status != .waitlisted { next.waitlistPosition = nil }
        if status != .rejected { next.rejectionReason = nil }
        return next
    }
}

/// How a decision changes the event's waitlist. Positions behind a leaving
/// registration move up by one, so the queue stays 1...n.
public enum WaitlistChange: Sendable, Hashable {
    case join(position: Int)
    case leave(position: Int)
}

/// A registration's next state, what that does to the waitlist, and what to publish.
public struct RegistrationDecision: Sendable, Hashable {
    public var before: Registration?
    public var registration: Registration
    public var waitlist: WaitlistChange?
    public var events: [AttendeesEvent]

    public init(before: Registration?, registration: Registration, waitlist: WaitlistChange? = nil, events: [AttendeesEvent] = []) {
        self.before = before
        self.registration = registration
        self.waitlist = waitlist
        self.events = events
    }

    /// Nothing to write.
    public var changesState: Bool { before != registration }

    static func unchanged(_ registration: Registration, answer events: [AttendeesEvent] = []) -> RegistrationDecision {
        RegistrationDecision(before: registration, registration: registration, events: events)
    }
}

/// Everything this context publishes, for decisions to return and handlers to send.
public enum AttendeesEvent: Sendable, Hashable {
    case attendeeRegistered(AttendeeRegistered)
    case registrationRequested(RegistrationRequested)
    case registrationConfirmed(RegistrationConfirmed)
    case registrationWaitlisted(RegistrationWaitlisted)
    case registrationRejected(RegistrationRejected)
    case registrationCancelled(RegistrationCancelled)
    case attendanceRecorded(AttendanceRecorded)
    case contentEngaged(ContentEngaged)
    case attendeeErased(AttendeeErased)
    case attendeeProfileUpdated(AttendeeProfileUpdated)
    case newsletterSubscriptionChanged(NewsletterSubscriptionChanged)
    case consentWithdrawn(ConsentWithdrawn)
    case sessionsChosen(SessionsChosen)
    case sessionSeatRequested(SessionSeatRequested)
    case sessionChoiceDropped(SessionChoiceDropped)
    case attendanceConfirmed(AttendanceConfirmed)

    public var name: String {
        switch self {
        case .attendeeRegistered: AttendeeRegistered.name
        case .registrationRequested: RegistrationRequested.name
        case .registrationConfirmed: RegistrationConfirmed.name
        case .registrationWaitlisted: RegistrationWaitlisted.name
        case .registrationRejected: RegistrationRejected.name
        case .registrationCancelled: RegistrationCancelled.name
        case .attendanceRecorded: AttendanceRecorded.name
        case .contentEngaged: ContentEngaged.name
        case .attendeeErased: AttendeeErased.name
        case .attendeeProfileUpdated: AttendeeProfileUpdated.name
        case .newsletterSubscriptionChanged: NewsletterSubscriptionChanged.name
        case .consentWithdrawn: ConsentWithdrawn.name
        case .sessionsChosen: SessionsChosen.name
        case .sessionSeatRequested: SessionSeatRequested.name
        case .sessionChoiceDropped: SessionChoiceDropped.name
        case .attendanceConfirmed: AttendanceConfirmed.name
        }
    }
}

extension Registration {
    var requested: AttendeesEvent {
        .registrationRequested(RegistrationRequested(registrationId: id, eventId: eventId, attendeeId: attendeeId))
    }

    var confirmed: AttendeesEvent {
        .registrationConfirmed(RegistrationConfirmed(registrationId: id, eventId: eventId, attendeeId: attendeeId))
    }

    func waitlisted(at position: Int) -> AttendeesEvent {
        .registrationWaitlisted(RegistrationWaitlisted(registrationId: id, eventId: eventId, attendeeId: attendeeId, position: position))
    }

    func rejected(_ reason: RegistrationRejectionReason) -> AttendeesEvent {
        .registrationRejected(RegistrationRejected(registrationId: id, eventId: eventId, attendeeId: attendeeId, reason: reason))
    }

    func cancelled(heldSeat: Bool, reason: RegistrationCancellationReason? = nil) -> AttendeesEvent {
        .registrationCancelled(
            RegistrationCancelled(registrationId: id, eventId: eventId, attendeeId: attendeeId, heldSeat: heldSeat, reason: reason))
    }
}
