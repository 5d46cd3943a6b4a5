import Attendees
import Foundation
import Messaging
import TestSupport
import Testing
import WorkerHost

/// The five real workers, each as its own broker user with only the
/// permissions deploy/rabbitmq/definitions.json gives it, through the
/// invitation saga (speakers' timers included) and the registration and
/// analytics sagas: the permissions suffice, and every message a worker
/// published is one its definition declares.
@Suite struct LeastPrivilegeSagaTests {
    @Test func theWorkersRunTheSagasWithTheirOwnUsers() async throws {
        let system = try await SystemFixture.start(
            BoundedContext.allCases, environment: InvitationSagaTests.fastTimers, ownUsers: true
        )
        // Invitation: reminders and expiry are speakers' timers, commands it
        // sends itself through batbern.commands.
        let saga = Saga(system)
        let company = try await saga.createCompany()
        let eventId = try await saga.createEvent()
        let keynote = try await saga.schedule(eventId, "keynote", at: 9)
        let ada = try await saga.register(company: company)
        try await saga.invite(ada, to: keynote)
        try await system.wait(for: "speakers.SpeakerInvitationExpired", timeout: .seconds(30)) { $0.uuid("speakerId") == ada }
        #expect(system.published("speakers.SpeakerInvitationReminderDue").count == 3)
        try await saga.invite(ada, to: keynote, deadline: Saga.inOneHour())
        try await saga.respond(ada, keynote, "accept", expecting: "speakers.SpeakerConfirmed")
        try await system.wait(for: "events.EventStatusChanged") { $0.uuid("eventId") == eventId && $0.string("to") == "agenda_draft" }

        // Registration and attendance, ending in a partner's analytics.
        let registration = RegistrationSaga(system)
        let acme = try await registration.createCompany("Acme \(system.suffix)", employees: 40)
        let partner = try await registration.startPartnership(acme, level: "gold")
        let event = try await registration.openEvent(capacity: 10)
        let anna = try await registration.register(event, "anna.\(system.suffix)@example.ch", companyId: acme)
        #expect(try await registration.outcome(anna.registrationId).routingKey == "attendees.RegistrationConfirmed")
        try await system.command(RegistrationSaga.attend, RecordAttendance(registrationId: anna.registrationId))
        try await system.wait(for: "partners.PartnerAnalyticsRecalculated") {
            $0.uuid("partnerId") == partner && $0.uuid("eventId") == event
        }

        #expect(system.undeclaredPublications() == [])
        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }
}
