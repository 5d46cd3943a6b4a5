import Identifiers
import LoadGenerator
import Messaging
import Testing

@Suite struct ObservedMessageTests {
    let registration = Identifier()
    let event = Identifier()

    func data(_ fields: [String: JSONValue]) -> JSONValue {
        .object(
            fields.merging([
                "registrationId": .string(registration.description), "eventId": .string(event.description),
                "attendeeId": .string(Identifier().description),
            ]) { new, _ in new })
    }

    @Test func theRegistrationSagasMessagesAreRead() {
        #expect(
            ObservedMessage(routingKey: "attendees.RegistrationRequested", data: data([:]))
                == .registrationRequested(registration: registration, event: event))
        #expect(
            ObservedMessage(routingKey: "events.SeatReserved", data: data(["currentAttendeeCount": .number(7)]))
                == .seatReserved(registration: registration, event: event, count: 7))
        #expect(
            ObservedMessage(routingKey: "events.SeatRejected", data: data(["reason": .string("event_full")]))
                == .seatRejected(registration: registration, event: event, reason: "event_full"))
        #expect(
            ObservedMessage(routingKey: "attendees.RegistrationConfirmed", data: data([:]))
                == .registrationConfirmed(registration: registration, event: event))
        #expect(
            ObservedMessage(routingKey: "attendees.RegistrationWaitlisted", data: data(["position": .number(3)]))
                == .registrationWaitlisted(registration: registration, event: event, position: 3))
        #expect(
            ObservedMessage(routingKey: "attendees.RegistrationRejected", data: data(["reason": .string("deadline_passed")]))
                == .registrationRejected(registration: registration, event: event, reason: "deadline_passed"))
    }

    @Test func theInvitationSagasMessagesAndAnyRejectionAreRead() {
        let speaker = Identifier()
        let session = Identifier()
        let ids: JSONValue = .object(["speakerId": .string(speaker.description), "sessionId": .string(session.description)])
        #expect(ObservedMessage(routingKey: "speakers.SpeakerInvited", data: ids) == .speakerInvited(speaker: speaker, session: session))
        #expect(ObservedMessage(routingKey: "speakers.SpeakerConfirmed", data: ids) == .speakerConfirmed(speaker: speaker, session: session))
        let rejected: JSONValue = .object([
            "commandType": .string("RegisterAttendee"), "reason": .string("gdpr_consent_required"), "message": .string("…"),
        ])
        #expect(
            ObservedMessage(routingKey: "attendees.CommandRejected", data: rejected)
                == .commandRejected(command: "RegisterAttendee", reason: "gdpr_consent_required"))
        #expect(ObservedMessage(routingKey: "events.CommandRejected", data: rejected) != nil)
    }

    @Test func otherMessagesAndMissingFieldsAreNotFollowed() {
        #expect(ObservedMessage(routingKey: "attendees.AttendeeRegistered", data: data([:])) == nil)
        #expect(ObservedMessage(routingKey: "events.SeatReserved", data: data([:])) == nil)
        #expect(ObservedMessage(routingKey: "attendees.RegistrationWaitlisted", data: data(["position": .number(1.5)])) == nil)
        #expect(ObservedMessage(routingKey: "attendees.RegistrationConfirmed", data: .object(["eventId": .string("not an id")])) == nil)
        #expect(ObservedMessage(routingKey: "speakers.CommandRejected", data: .object([:])) == nil)
    }

    /// The binding keys cover every message the analyses read.
    @Test func theBindingKeysAreTheFollowedMessages() {
        #expect(ObservedMessage.registrationKeys.allSatisfy { $0.hasPrefix("attendees.") || $0.hasPrefix("events.") })
        #expect(Set(ObservedMessage.invitationKeys) == ["speakers.SpeakerInvited", "speakers.SpeakerConfirmed", "speakers.CommandRejected"])
    }
}
