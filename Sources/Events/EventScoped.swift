import Identifiers

/// A message about one event, named in its data: its handler locks that
/// event's row, so it holds the event's key (`EventLocks`).
protocol EventScoped {
    var lockedEventId: Identifier { get }
}

extension UpdateEvent: EventScoped { var lockedEventId: Identifier { eventId } }
extension DefineEventTopic: EventScoped { var lockedEventId: Identifier { eventId } }
extension ChangeEventStatus: EventScoped { var lockedEventId: Identifier { eventId } }
extension CancelEvent: EventScoped { var lockedEventId: Identifier { eventId } }
extension AdvanceEventLifecycle: EventScoped { var lockedEventId: Identifier { eventId } }
extension ScheduleSession: EventScoped { var lockedEventId: Identifier { eventId } }
extension RegistrationRequested: EventScoped { var lockedEventId: Identifier { eventId } }
extension RegistrationCancelled: EventScoped { var lockedEventId: Identifier { eventId } }
extension SessionSeatRequested: EventScoped { var lockedEventId: Identifier { fields.eventId } }
extension SessionChoiceDropped: EventScoped { var lockedEventId: Identifier { fields.eventId } }
