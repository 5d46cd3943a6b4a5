/// What is wrong with a hostile message, which decides what each receiver
/// must do with it (`HostileTarget.expectations(_:)`).
enum HostileFault: Sendable, Hashable {
    /// The kernel must refuse it whatever the data: not a readable envelope,
    /// wrong version, name or content type, NUL anywhere, too large.
    case kernel
    /// A field's value cannot mean what the field means: a wrong JSON type,
    /// a non-UUID id, a date that is none, a name outside the enum, a number
    /// no integer holds. A receiver that reads the field must refuse it.
    case unreadable(String)
    /// A field absent or null. A receiver that needs it must refuse it.
    case missing(String)
    /// Readable but outside the contract: too long, out of range, not an
    /// email. A command is refused; an event's reader may tolerate it.
    case outOfContract
    /// Unusual but valid: a command gets its normal answer (or a refusal
    /// for a business reason), an event is taken (or parked at once).
    case unusual
    /// Nothing wrong with the message itself (only with its headers).
    case none
}
