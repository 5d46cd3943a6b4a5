import Identifiers

/// A command about one session: its handler locks the session's event row
/// (`EventHandlers.lockedSession`), so it holds that event's key (`EventLocks`).
protocol SessionScoped {
    var sessionId: Identifier { get }
}

extension RescheduleSession: SessionScoped {}
extension CancelSession: SessionScoped {}
extension UpdateSession: SessionScoped {}
extension AddSessionMaterial: SessionScoped {}
extension RemoveSessionMaterial: SessionScoped {}
