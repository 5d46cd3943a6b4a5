import Foundation
import Identifiers
import Messaging
import Testing

@testable import Events

@Suite struct EventLifecycleTests {
    @Test func tableMatchesTheDocumentedLifecycle() {
        let expected: [EventStatus: Set<EventStatus>] = [
            .planning: [.topicDefined, .speakersInvited],
            .topicDefined: [.planning, .speakersInvited],
            .speakersInvited: [.agendaDraft],
            .agendaDraft: [.speakersInvited, .published],
            .published: [.registrationOpen],
            .registrationOpen: [.registrationClosed],
            .registrationClosed: [.registrationOpen, .inProgress],
            .inProgress: [.completed],
            .completed: [.archived],
            .archived: [],
            .cancelled: [],
        ]
        #expect(EventStatus.transitions == expected)
    }

    @Test func everyStatusIsReachableFromPlanningAndNoneLoopsOnItself() {
        var reached: Set<EventStatus> = [.planning]
        var frontier: [EventStatus] = [.planning]
        while let status = frontier.popLast() {
            for next in EventStatus.transitions[status, default: []] where reached.insert(next).inserted {
                frontier.append(next)
            }
        }
        // cancelled is reached by CancelEvent alone, from any status before in_progress.
        #expect(reached == Set(EventStatus.allCases).subtracting([.cancelled]))
        #expect(reached.filter(\.isCancellable) == reached.subtracting([.inProgress, .completed, .archived]))
        for status in EventStatus.allCases { #expect(!status.canMove(to: status)) }
        #expect(EventStatus.allCases.allSatisfy { !EventStatus.archived.canMove(to: $0) })
    }

    @Test func statusChangeFollowsTheTable() throws {
        let event = anEvent(status: .planning)
        #expect(rejection { try EventRules.changeStatus(event, to: "published", agendaReady: true, now: t0) } == "invalid_status_transition")
        #expect(rejection { try EventRules.changeStatus(event, to: "postponed", agendaReady: true, now: t0) } == "invalid_status")
        #expect(rejection { try EventRules.changeStatus(event, to: "cancelled", agendaReady: true, now: t0) } == "invalid_status_transition")
        #expect(rejection { try EventRules.changeStatus(event, to: "planning", agendaReady: true, now: t0) } == "invalid_status_transition")
        let change = try EventRules.changeStatus(event, to: "topic_defined", agendaReady: false, now: t0)
        #expect(change == StatusChange(from: .planning, to: .topicDefined, publishedAt: nil))
        #expect(change.message(eventId: event.id) == EventStatusChanged(eventId: event.id, from: "planning", to: "topic_defined"))
    }

    @Test func agendaDraftByHandNeedsAReadyAgenda() throws {
        let event = anEvent(status: .speakersInvited)
        #expect(rejection { try EventRules.changeStatus(event, to: "agenda_draft", agendaReady: false, now: t0) } == "agenda_not_ready")
        #expect(try EventRules.changeStatus(event, to: "agenda_draft", agendaReady: true, now: t0).to == .agendaDraft)
    }

    @Test func publishingStampsPublishedAtOnce() throws {
        var event = anEvent(status: .agendaDraft)
        #expect(try EventRules.changeStatus(event, to: "published", agendaReady: true, now: t0).publishedAt == t0)
        event.publishedAt = t0 - day
        #expect(try EventRules.changeStatus(event, to: "published", agendaReady: true, now: t0).publishedAt == t0 - day)
    }
}

@Suite struct CreateEventTests {
    @Test func createsAPlanningEventWithTheCommandsFields() throws {
        let id = Identifier()
        let command = createCommand(eventId: id, metadata: .object(["topic": .string("AI")]))
        guard case .create(let event) = try EventRules.create(command, newId: Identifier(), existingWithId: nil, numberTaken: false) else {
            Issue.record("expected a new event")
            return
        }
        #expect(event.id == id)
        #expect(event.status == .planning)
        #expect(event.currentAttendeeCount == 0)
        let created = event.created
        #expect(created.status == "planning")
        #expect(created.eventNumber == 42 && created.venueCapacity == 100 && created.title == "BATbern 42")
        #expect(created.metadata == .object(["topic": .string("AI")]))
    }

    @Test func withoutAnIdTheNewIdIsUsedAndMetadataDefaultsToAnObject() throws {
        let newId = Identifier()
        guard case .create(let event) = try EventRules.create(createCommand(), newId: newId, existingWithId: nil, numberTaken: false) else {
            Issue.record("expected a new event")
            return
        }
        #expect(event.id == newId)
        #expect(event.metadata == .object([:]))
    }

    @Test func aRepeatAnswersWithTheExistingEvent() throws {
        let existing = anEvent()
        let same = createCommand(eventId: existing.id, number: existing.eventNumber, title: "other title")
        #expect(try EventRules.create(same, newId: Identifier(), existingWithId: existing, numberTaken: true) == .existing(existing))
        let clash = createCommand(eventId: existing.id, number: existing.eventNumber + 1)
        #expect(rejection { try EventRules.create(clash, newId: Identifier(), existingWithId: existing, numberTaken: false) } == "event_exists")
    }

    @Test(arguments: [
        (createCommand(number: 0), false, "invalid_event_number"),
        (createCommand(number: Int(Int32.max) + 1), false, "invalid_event_number"),
        (createCommand(), true, "duplicate_event_number"),
        (createCommand(title: "   "), false, "title_required"),
        (createCommand(title: String(repeating: "x", count: 256)), false, "title_too_long"),
        (createCommand(title: "a\u{0}b"), false, "title_invalid"),
        (createCommand(capacity: 0), false, "invalid_capacity"),
        (createCommand(capacity: -5), false, "invalid_capacity"),
        (createCommand(eventDate: t0, deadline: t0 + 1), false, "deadline_after_event_date"),
        (createCommand(metadata: .array([])), false, "invalid_metadata"),
    ])
    func rejectsBrokenRules(command: CreateEvent, numberTaken: Bool, reason: String) {
        #expect(rejection { try EventRules.create(command, newId: Identifier(), existingWithId: nil, numberTaken: numberTaken) } == reason)
    }

    @Test func lengthsCountCharactersAsPostgresDoes() {
        // 255 characters fit; "e" + combining accent is two characters to PostgreSQL.
        #expect(
            rejection {
                try EventRules.create(
                    createCommand(title: String(repeating: "é", count: 255)), newId: Identifier(), existingWithId: nil, numberTaken: false)
            } == nil)
        let combining = String(repeating: "e\u{301}", count: 128)
        #expect(combining.count == 128)
        #expect(
            rejection { try EventRules.create(createCommand(title: combining), newId: Identifier(), existingWithId: nil, numberTaken: false) }
                == "title_too_long")
    }

    @Test func venueFieldsAreChecked() {
        var command = createCommand()
        command.venueName = String(repeating: "v", count: 256)
        #expect(rejection { try EventRules.create(command, newId: Identifier(), existingWithId: nil, numberTaken: false) } == "venue_name_too_long")
        command = createCommand()
        command.venueAddress = ""
        #expect(
            rejection { try EventRules.create(command, newId: Identifier(), existingWithId: nil, numberTaken: false) } == "venue_address_required")
    }

    @Test func deadlineOnTheEventDateIsAllowed() {
        #expect(
            rejection {
                try EventRules.create(createCommand(eventDate: t0, deadline: t0), newId: Identifier(), existingWithId: nil, numberTaken: false)
            } == nil)
    }
}

@Suite struct SessionRulesTests {
    func command(_ event: Event, type: String = "keynote", start: Date = t0, end: Date = t0 + 3600) -> ScheduleSession {
        ScheduleSession(eventId: event.id, title: "Keynote", sessionType: type, startTime: start, endTime: end, room: "A")
    }

    @Test func schedulesWithDefaults() throws {
        let event = anEvent()
        let newId = Identifier()
        guard case .schedule(let session) = try SessionRules.schedule(command(event), newId: newId, event: event, existingWithId: nil) else {
            Issue.record("expected a new session")
            return
        }
        #expect(session.id == newId && session.eventId == event.id)
        #expect(session.language == "de" && session.status == .scheduled && session.sessionType == .keynote)
        #expect(
            session.scheduled
                == SessionScheduled(
                    sessionId: newId, eventId: event.id, sessionType: "keynote", startTime: t0, endTime: t0 + 3600, room: "A",
                    title: "Keynote", description: nil
                ))
    }

    @Test func rejectsBrokenRules() {
        let event = anEvent()
        func reason(_ command: ScheduleSession, event: Event? = event) -> String? {
            rejection { try SessionRules.schedule(command, newId: Identifier(), event: event, existingWithId: nil) }
        }
        #expect(reason(command(event), event: nil) == "unknown_event")
        #expect(reason(command(event, type: "talk")) == "invalid_session_type")
        #expect(reason(command(event, end: t0)) == "end_before_start")
        #expect(reason(command(event, end: t0 - 1)) == "end_before_start")
        var long = command(event)
        long.room = String(repeating: "r", count: 101)
        #expect(reason(long) == "room_too_long")
        long = command(event)
        long.language = "deutsch-schweiz"
        #expect(reason(long) == "language_too_long")
        long = command(event)
        long.capacity = 0
        #expect(reason(long) == "invalid_capacity")
        long = command(event)
        long.title = String(repeating: "t", count: 256)
        #expect(reason(long) == "title_too_long")
        #expect(reason(command(event), event: anEvent(status: .completed)) == "event_finished")
        #expect(reason(command(event), event: anEvent(status: .registrationOpen)) == nil)
    }

    @Test func aRepeatAnswersWithTheExistingSession() throws {
        let event = anEvent()
        let existing = aSession(event)
        var repeated = command(event)
        repeated.sessionId = existing.id
        #expect(try SessionRules.schedule(repeated, newId: Identifier(), event: event, existingWithId: existing) == .existing(existing))
        repeated.eventId = Identifier()
        #expect(rejection { try SessionRules.schedule(repeated, newId: Identifier(), event: nil, existingWithId: existing) } == "session_exists")
    }

    @Test func rescheduleMovesTimeAndKeepsTheRoomUnlessGiven() throws {
        let event = anEvent()
        let session = aSession(event)
        let moved = try SessionRules.reschedule(
            RescheduleSession(sessionId: session.id, startTime: t0, endTime: t0 + 60), session: session, event: event
        )
        #expect(moved.startTime == t0 && moved.endTime == t0 + 60 && moved.room == "A")
        #expect(moved.rescheduled.sessionType == "keynote")
        let elsewhere = try SessionRules.reschedule(
            RescheduleSession(sessionId: session.id, startTime: t0, endTime: t0 + 60, room: "B"), session: session, event: event
        )
        #expect(elsewhere.room == "B")
    }

    @Test func rescheduleRejects() {
        let event = anEvent()
        let session = aSession(event)
        let ok = RescheduleSession(sessionId: session.id, startTime: t0, endTime: t0 + 60)
        #expect(rejection { try SessionRules.reschedule(ok, session: nil, event: nil) } == "unknown_session")
        #expect(rejection { try SessionRules.reschedule(ok, session: aSession(event, status: .cancelled), event: event) } == "session_cancelled")
        #expect(
            rejection {
                try SessionRules.reschedule(RescheduleSession(sessionId: session.id, startTime: t0, endTime: t0), session: session, event: event)
            } == "end_before_start")
        #expect(rejection { try SessionRules.reschedule(ok, session: session, event: anEvent(status: .archived)) } == "event_finished")
    }

    @Test func cancelNeedsAReasonAndAScheduledSession() throws {
        let event = anEvent()
        let session = aSession(event)
        #expect(
            try SessionRules.cancel(CancelSession(sessionId: session.id, reason: "speaker ill"), session: session)
                == SessionCancelled(sessionId: session.id, eventId: event.id, reason: "speaker ill"))
        #expect(rejection { try SessionRules.cancel(CancelSession(sessionId: session.id, reason: " "), session: session) } == "reason_required")
        #expect(
            rejection { try SessionRules.cancel(CancelSession(sessionId: session.id, reason: String(repeating: "r", count: 1001)), session: session) }
                == "reason_too_long")
        #expect(rejection { try SessionRules.cancel(CancelSession(sessionId: session.id, reason: "x"), session: nil) } == "unknown_session")
        #expect(
            rejection { try SessionRules.cancel(CancelSession(sessionId: session.id, reason: "x"), session: aSession(event, status: .cancelled)) }
                == "session_cancelled")
    }
}
