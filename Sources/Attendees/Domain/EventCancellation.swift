public import Foundation

/// The attendees step of the event cancellation saga.
public enum EventCancellation {
    /// Cancels every open registration of the cancelled event (`registered`,
    /// `waitlisted`, `confirmed`) with reason `event_cancelled`; nobody is
    /// promoted. The waitlist from its back, so no one behind has to move
    /// up; then the others. Registrations already closed are left alone, so
    /// the event's cancellation delivered twice changes nothing.
    public static func cancelAll(_ registrations: [Registration], now: Date) -> [RegistrationDecision] {
        let open = registrations.filter(\.status.isOpen)
        let waitlisted = open.filter { $0.status == .waitlisted }.sorted { ($0.waitlistPosition ?? 0) > ($1.waitlistPosition ?? 0) }
        let others = open.filter { $0.status != .waitlisted }.sorted { $0.id < $1.id }
        return (waitlisted + others).map { RegistrationRules.cancelOpen($0, now: now, reason: .eventCancelled) }
    }
}
