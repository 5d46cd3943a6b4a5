import Foundation
import Identifiers
import TestSupport

/// What the hostile messages refer to, made the normal way first: valid
/// variants then reach as far into a handler as input can (past "unknown
/// company" to the column), and events name what their consumers know.
struct HostileReferences: Sendable {
    let company: Identifier
    /// A company without partnership, for DeactivateCompany and CompanyDeactivated.
    let spareCompany: Identifier
    let partner: Identifier
    /// Open for registration, with plenty of seats.
    let event: Identifier
    /// A session the speaker is invited to.
    let session: Identifier
    /// A session with no speakers, for rescheduling and cancelling.
    let spareSession: Identifier
    let speaker: Identifier
    let registration: Identifier
    let attendee: Identifier
    /// Unique per run, for names and email addresses.
    let tag: String

    static func make(_ system: SystemFixture) async throws -> HostileReferences {
        let registrations = RegistrationSaga(system)
        let saga = Saga(system)
        let company = try await registrations.createCompany("Hostile \(system.suffix)", employees: 40)
        let spareCompany = try await registrations.createCompany("Hostile spare \(system.suffix)", employees: 5)
        let partner = try await registrations.startPartnership(company, level: "gold")
        let event = try await registrations.openEvent(capacity: 10_000)
        let session = try await saga.schedule(event, "workshop", at: 10)
        let spareSession = try await saga.schedule(event, "presentation", at: 14)
        let speaker = try await saga.register(company: company)
        try await saga.invite(speaker, to: session)
        let attendee = try await registrations.register(event, "hostile.\(system.suffix)@example.ch", companyId: company)
        return HostileReferences(
            company: company, spareCompany: spareCompany, partner: partner, event: event, session: session, spareSession: spareSession,
            speaker: speaker,
            registration: attendee.registrationId, attendee: attendee.attendeeId, tag: system.suffix
        )
    }
}
