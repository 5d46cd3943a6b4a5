import Attendees
import Events
import Foundation
import Identifiers
import Messaging
import TestSupport
import Testing
import WorkerHost

/// An organiser's corrections through the real events and attendees workers:
/// a topic, a raised capacity that the waitlist gets in FIFO order, and the
/// updates that are refused.
@Suite struct EventChangesSystemTests {
    static let update = MessageKey.command("UpdateEvent", to: "events")

    @Test func aTopicThenARaisedCapacityConfirmsTheFrontOfTheWaitlist() async throws {
        let system = try await SystemFixture.start([.events, .attendees])
        let registrations = RegistrationSaga(system)
        let event = try await registrations.createEvent(capacity: 2)
        let topic = try await system.command(
            .command("DefineEventTopic", to: "events"),
            DefineEventTopic(eventId: event, title: "Platform engineering", tags: ["platform", "devex"]), expecting: 2)
        #expect(Set(topic.map(\.routingKey)) == ["events.EventTopicDefined", "events.EventStatusChanged"])
        #expect(topic.first { $0.routingKey == "events.EventStatusChanged" }?.string("to") == "topic_defined")
        try await registrations.open(event)

        var people: [Identifier] = []
        for i in 0..<5 { people.append(try await registrations.register(event, "p\(i).\(system.suffix)@example.ch").registrationId) }
        for (i, registration) in people.enumerated() {
            let expected = i < 2 ? "attendees.RegistrationConfirmed" : "attendees.RegistrationWaitlisted"
            #expect(try await registrations.outcome(registration).routingKey == expected)
        }

        let below = try await system.command(Self.update, UpdateEvent(eventId: event, venueCapacity: 1))
        #expect(below.first?.string("reason") == "capacity_below_confirmed")
        let elsewhere = try await system.command(Self.update, UpdateEvent(eventId: event, eventDate: Date().addingTimeInterval(40 * 86_400)))
        #expect(elsewhere.first?.string("reason") == "sessions_outside_event_date")

        let raised = try await system.command(Self.update, UpdateEvent(eventId: event, venueCapacity: 4))
        #expect(raised.first?.data["seatsAdded"] == .number(2), "\(raised.map(\.data))")
        try await eventually("the first two in the queue confirmed") {
            try await Set(registrations.registrations(event, status: "confirmed")) == Set(people.prefix(4))
        }
        // attendees asked for the new seats on behalf of the front of the queue, in its order.
        let updated = try #require(raised.first)
        let asked = system.caused(by: updated.header.id).filter { $0.routingKey == "attendees.RegistrationRequested" }
        #expect(asked.compactMap { $0.uuid("registrationId") } == [people[2], people[3]])
        try await registrations.quiescent()
        #expect(try await registrations.waitlist(event).map(\.id) == [people[4]])
        #expect(try await registrations.waitlist(event).map(\.position) == [1])
        #expect(try await registrations.attendeeCount(event) == 4)
        #expect(try await registrations.seatsHeld(event) == Set(people.prefix(4)))

        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }
}
