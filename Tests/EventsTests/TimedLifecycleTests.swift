import Foundation
import Identifiers
import Testing

@testable import Events

/// The timed lifecycle's plan and what a fired timer does, without I/O.
@Suite struct TimedLifecycleTests {
    static let zurich = TimeZone(identifier: "Europe/Zurich") ?? .gmt

    /// 2030-06-12 00:00 in Zurich (UTC+2 in summer).
    static let midnight = Date(timeIntervalSince1970: 1_907_445_600)
    /// 18:00 that day; the deadline a week before.
    static let eventDate = midnight + 18 * 3600
    static let deadline = eventDate - 7 * 86_400

    func event(_ status: EventStatus) -> Event {
        var event = anEvent(status: status)
        event.eventDate = Self.eventDate
        event.registrationDeadline = Self.deadline
        return event
    }

    @Test func thePlanFollowsTheDatesTheDayAndTheOffsets() {
        let plan = TimedLifecycle.plan(
            eventDate: Self.eventDate, registrationDeadline: Self.deadline, settings: EventsSettings(timeZone: Self.zurich)
        )
        let midnight = Self.midnight
        #expect(plan.map(\.to) == [.registrationClosed, .inProgress, .completed])
        #expect(plan.map(\.at) == [Self.deadline, midnight, midnight + 86_400])
        let shifted = TimedLifecycle.plan(
            eventDate: Self.eventDate, registrationDeadline: Self.deadline,
            settings: EventsSettings(timeZone: Self.zurich, closeOffset: 3600, startOffset: 8 * 3600, completeOffset: -3600)
        )
        #expect(shifted.map(\.at) == [Self.deadline + 3600, midnight + 8 * 3600, midnight + 86_400 - 3600])
        // The day the clocks go back in Zurich has 25 hours.
        let autumn = Date(timeIntervalSince1970: 1_919_282_400)  // 2030-10-27 00:00 in Zurich (UTC+2)
        let day = EventDay.interval(of: autumn + 12 * 3600, in: Self.zurich)
        #expect(day.start == autumn && day.duration == 25 * 3600)
    }

    @Test func aTimerMovesAlongTheChainOnlyWhenItIsDue() {
        let settings = EventsSettings(timeZone: Self.zurich)
        let open = event(.registrationOpen)
        #expect(TimedLifecycle.advance(open, to: .registrationClosed, now: Self.deadline - 1, settings: settings) == [])
        #expect(
            TimedLifecycle.advance(open, to: .registrationClosed, now: Self.deadline, settings: settings)
                == [StatusChange(from: .registrationOpen, to: .registrationClosed, publishedAt: nil)])
        // The day began while registration was still open: it closes first.
        #expect(
            TimedLifecycle.advance(open, to: .inProgress, now: Self.eventDate, settings: settings).map(\.to)
                == [.registrationClosed, .inProgress])
        #expect(
            TimedLifecycle.advance(event(.inProgress), to: .completed, now: Self.eventDate + 86_400, settings: settings).map(\.to)
                == [.completed])
    }

    @Test func aTimerForMovedDatesOrAnEventOffTheChainDoesNothing() {
        let settings = EventsSettings(timeZone: Self.zurich)
        // Planned for the old deadline; the deadline moved a week later.
        var moved = event(.registrationOpen)
        moved.registrationDeadline = Self.deadline + 7 * 86_400 - 3600
        #expect(TimedLifecycle.advance(moved, to: .registrationClosed, now: Self.deadline, settings: settings) == [])
        for status in [EventStatus.planning, .agendaDraft, .published, .cancelled, .archived] {
            #expect(TimedLifecycle.advance(event(status), to: .inProgress, now: Self.eventDate, settings: settings) == [], "\(status)")
        }
        // Already there, or further: a repeat changes nothing.
        #expect(TimedLifecycle.advance(event(.registrationClosed), to: .registrationClosed, now: Self.eventDate, settings: settings) == [])
        #expect(TimedLifecycle.advance(event(.completed), to: .inProgress, now: Self.eventDate, settings: settings) == [])
    }

    @Test func settingsReadTheEnvironmentAndRefuseNonsense() throws {
        let read = try EventsSettings(environment: [
            "BATBERN_EVENTS_TIME_ZONE": "UTC", "BATBERN_EVENTS_CLOSE_OFFSET_SECONDS": "-60",
            "BATBERN_EVENTS_START_OFFSET_SECONDS": "28800", "BATBERN_EVENTS_COMPLETE_OFFSET_SECONDS": "0",
        ])
        #expect(read == EventsSettings(timeZone: TimeZone(identifier: "UTC") ?? .gmt, closeOffset: -60, startOffset: 28_800))
        #expect(try EventsSettings(environment: [:]) == EventsSettings())
        #expect(EventsSettings().timeZone.identifier == "Europe/Zurich")
        #expect(throws: (any Error).self) { try EventsSettings(environment: ["BATBERN_EVENTS_TIME_ZONE": "Mars/Olympus"]) }
        #expect(throws: (any Error).self) { try EventsSettings(environment: ["BATBERN_EVENTS_START_OFFSET_SECONDS": "604801"]) }
    }
}
