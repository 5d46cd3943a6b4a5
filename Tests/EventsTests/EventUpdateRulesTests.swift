import Foundation
import Identifiers
import Messaging
import Testing

@testable import Events

/// UpdateEvent, DefineEventTopic and CancelEvent as pure decisions.
@Suite struct EventUpdateRulesTests {
    static let zurich = TimeZone(identifier: "Europe/Zurich") ?? .gmt

    func update(_ event: Event, _ command: UpdateEvent, sessions: [Session] = []) throws(CommandRejection) -> EventUpdate {
        try EventRules.update(command, event: event, sessions: sessions, timeZone: Self.zurich)
    }

    @Test func absentFieldsStayAndOnlyRealChangesAreNamed() throws {
        let event = anEvent(status: .registrationOpen)
        let same = try update(event, UpdateEvent(eventId: event.id, title: event.title, venueCapacity: event.venueCapacity))
        #expect(same.changed == [] && same.event == event && same.seatsAdded == 0 && !same.datesChanged)
        let moved = try update(event, UpdateEvent(eventId: event.id, title: "BATbern 43", registrationDeadline: t0 + 40 * day))
        #expect(moved.changed == ["title", "registrationDeadline"] && moved.datesChanged)
        #expect(moved.event.title == "BATbern 43" && moved.event.venueName == event.venueName && moved.event.eventDate == event.eventDate)
        #expect(moved.updated.changed == moved.changed && moved.updated.venueCapacity == 100)
    }

    @Test func capacityMayNotDropBelowTheSeatsHeldAndARaiseOpensSeats() throws {
        let event = anEvent(status: .registrationOpen, capacity: 100, count: 80)
        #expect(rejection { try update(event, UpdateEvent(eventId: event.id, venueCapacity: 79)) } == "capacity_below_confirmed")
        #expect(try update(event, UpdateEvent(eventId: event.id, venueCapacity: 80)).seatsAdded == 0)
        #expect(try update(event, UpdateEvent(eventId: event.id, venueCapacity: 120)).seatsAdded == 20)
        #expect(rejection { try update(event, UpdateEvent(eventId: event.id, venueCapacity: 0)) } == "invalid_capacity")
    }

    @Test func aNewDateMustHoldEverySessionWithinItsDay() throws {
        let event = anEvent(status: .agendaDraft)
        // The event's day in Zurich, and a session from 18:00 to 19:00 of it.
        let day = EventDay.interval(of: event.eventDate, in: Self.zurich)
        var session = aSession(event)
        session.startTime = day.start + 18 * 3600
        session.endTime = day.start + 19 * 3600
        let sameDay = day.start + 12 * 3600
        #expect(try update(event, UpdateEvent(eventId: event.id, eventDate: sameDay), sessions: [session]).changed == ["eventDate"])
        #expect(
            rejection { try update(event, UpdateEvent(eventId: event.id, eventDate: event.eventDate + day.duration), sessions: [session]) }
                == "sessions_outside_event_date")
        var cancelled = session
        cancelled.status = .cancelled
        #expect(
            try update(event, UpdateEvent(eventId: event.id, eventDate: event.eventDate + day.duration), sessions: [cancelled]).changed
                == ["eventDate"])
        #expect(
            rejection { try update(event, UpdateEvent(eventId: event.id, registrationDeadline: event.eventDate + 1)) }
                == "deadline_after_event_date")
    }

    @Test func aCancelledOrFinishedEventCannotChange() {
        for (status, reason) in [(EventStatus.cancelled, "event_cancelled"), (.inProgress, "event_finished"), (.archived, "event_finished")] {
            let event = anEvent(status: status)
            #expect(rejection { try update(event, UpdateEvent(eventId: event.id, title: "x")) } == reason)
            #expect(
                rejection {
                    try TopicRules.define(
                        DefineEventTopic(eventId: event.id, title: "AI"), newId: Identifier(), event: event, existingWithId: nil,
                        titleTaken: false, now: t0)
                } == reason)
        }
        #expect(rejection { try EventRules.update(UpdateEvent(eventId: Identifier()), event: nil, sessions: [], timeZone: .gmt) } == "unknown_event")
    }

    @Test func theFirstTopicMovesAPlanningEventToTopicDefined() throws {
        let event = anEvent(status: .planning)
        let command = DefineEventTopic(eventId: event.id, title: "Platform engineering", tags: ["platform", "devex", "platform"])
        guard
            case .define(let topic, let change) = try TopicRules.define(
                command, newId: Identifier(), event: event, existingWithId: nil, titleTaken: false, now: t0)
        else {
            Issue.record("a new topic")
            return
        }
        #expect(topic.tags == ["platform", "devex"])
        #expect(change == StatusChange(from: .planning, to: .topicDefined, publishedAt: nil))
        let later = anEvent(status: .speakersInvited)
        guard
            case .define(_, let none) = try TopicRules.define(
                DefineEventTopic(eventId: later.id, title: "AI"), newId: Identifier(), event: later, existingWithId: nil, titleTaken: false,
                now: t0)
        else { return }
        #expect(none == nil)
        #expect(
            rejection {
                try TopicRules.define(command, newId: Identifier(), event: event, existingWithId: nil, titleTaken: true, now: t0)
            } == "duplicate_topic")
        let tooMany = DefineEventTopic(eventId: event.id, title: "Tags", tags: (0...20).map { "t\($0)" })
        #expect(
            rejection { try TopicRules.define(tooMany, newId: Identifier(), event: event, existingWithId: nil, titleTaken: false, now: t0) }
                == "too_many_tags")
        let blank = DefineEventTopic(eventId: event.id, title: "Tags", tags: [" "])
        #expect(
            rejection { try TopicRules.define(blank, newId: Identifier(), event: event, existingWithId: nil, titleTaken: false, now: t0) }
                == "tag_required")
    }

    @Test func onlyAnEventNotYetHeldCanBeCancelledAndOnlyOnce() throws {
        for status in EventStatus.allCases {
            let event = anEvent(status: status)
            let outcome = rejection { try EventRules.cancel(CancelEvent(eventId: event.id, reason: "venue flooded"), event: event) }
            switch status {
            case .inProgress, .completed, .archived: #expect(outcome == "event_finished", "\(status)")
            case .cancelled: #expect(outcome == "event_cancelled")
            default: #expect(outcome == nil, "\(status)")
            }
            // No command moves an event to cancelled but CancelEvent.
            #expect(!status.canMove(to: .cancelled))
        }
        let event = anEvent(status: .registrationOpen)
        #expect(rejection { try EventRules.cancel(CancelEvent(eventId: event.id, reason: " "), event: event) } == "reason_required")
        #expect(rejection { try EventRules.changeStatus(event, to: "cancelled", agendaReady: true, now: t0) } == "invalid_status_transition")
    }
}
