import Foundation
import Identifiers
import Messaging

@testable import Events

/// The reason code a decision rejected with, nil when it did not.
func rejection<T>(_ body: () throws -> T) -> String? {
    do {
        _ = try body()
        return nil
    } catch let rejection as CommandRejection {
        return rejection.reason
    } catch {
        return "unexpected: \(error)"
    }
}

let t0 = Date(timeIntervalSince1970: 1_900_000_000)
let day: TimeInterval = 86_400

func createCommand(
    eventId: Identifier? = nil, number: Int = 42, title: String = "BATbern 42", capacity: Int = 100,
    eventDate: Date = t0 + 60 * day, deadline: Date = t0 + 50 * day, metadata: JSONValue? = nil
) -> CreateEvent {
    CreateEvent(
        eventId: eventId, eventNumber: number, title: title, description: "Architecture", eventDate: eventDate,
        registrationDeadline: deadline, venueName: "Kursaal", venueAddress: "Kornhausstrasse 3, Bern",
        venueCapacity: capacity, organizerId: Identifier(), metadata: metadata
    )
}

func anEvent(status: EventStatus = .planning, capacity: Int = 100, count: Int = 0, deadline: Date = t0 + 50 * day) -> Event {
    Event(
        id: Identifier(), eventNumber: 1, title: "BATbern", description: nil, eventDate: t0 + 60 * day,
        registrationDeadline: deadline, venueName: "Kursaal", venueAddress: "Bern", venueCapacity: capacity,
        status: status, organizerId: Identifier(), currentAttendeeCount: count, publishedAt: nil, metadata: .object([:])
    )
}

func aSession(_ event: Event, type: SessionType = .keynote, status: SessionStatus = .scheduled) -> Session {
    Session(
        id: Identifier(), eventId: event.id, title: "Opening", description: nil, sessionType: type,
        startTime: t0 + 60 * day, endTime: t0 + 60 * day + 3600, room: "A", capacity: nil, language: "de",
        status: status
    )
}
