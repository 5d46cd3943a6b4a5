public import Foundation

/// The seed's GDPRConsent as AttendeeProfileReported tells it.
public struct ConsentReport: Codable, Sendable, Hashable {
    public var given: Bool
    public var consentDate: Date?
    public var withdrawnAt: Date?

    public init(given: Bool, consentDate: Date?, withdrawnAt: Date?) {
        self.given = given
        self.consentDate = consentDate
        self.withdrawnAt = withdrawnAt
    }
}
