/// A handler asked to forget messages in a way the kernel refuses (no
/// needle, one too short to name anybody, a reason that is not a code). It
/// is a handler's bug: the message fails, is retried and then parked. The
/// description never repeats a needle.
public struct InvalidErasureRequest: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = "invalid erasure request: \(description)"
    }
}
