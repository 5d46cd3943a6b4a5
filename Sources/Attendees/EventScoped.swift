import Identifiers

/// A message about one event, named in its data: its handler takes that
/// event's waitlist lock (or locks its copy), so it holds the event's key
/// (`EventLocks`).
protocol EventScoped {
    var eventId: Identifier { get }
}

extension SeatReserved: EventScoped {}
extension SeatRejected: EventScoped {}
extension SeatReleased: EventScoped {}
extension EventCreated: EventScoped {}
extension EventStatusChanged: EventScoped {}
extension EventUpdated: EventScoped {}
extension EventCancelled: EventScoped {}
