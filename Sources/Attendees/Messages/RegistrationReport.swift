public import Foundation
public import Identifiers

/// One of the seed's EventRegistrations as AttendeeProfileReported tells it.
public struct RegistrationReport: Codable, Sendable, Hashable {
    public var registrationId: Identifier
    public var eventId: Identifier
    public var status: RegistrationStatus
    public var registrationDate: Date
    public var specialRequests: String?
    public var waitlistPosition: Int?
    public var sessionPreferences: [SessionPreferenceReport]
    public var attendanceConfirmed: Bool
    public var attendanceConfirmedAt: Date?
    public var actualAttendance: Bool

    public init(_ registration: Registration, choices: [SessionChoice]) {
        registrationId = registration.id
        eventId = registration.eventId
        status = registration.status
        registrationDate = registration.registrationDate
        specialRequests = registration.specialRequests
        waitlistPosition = registration.waitlistPosition
        sessionPreferences = choices.filter { $0.status != .dropped }.map(SessionPreferenceReport.init)
        attendanceConfirmed = registration.attendanceConfirmed
        attendanceConfirmedAt = registration.attendanceConfirmedAt
        actualAttendance = registration.actualAttendance
    }
}
