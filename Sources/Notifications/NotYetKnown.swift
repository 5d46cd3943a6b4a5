/// A message that cannot be applied yet because what it refers to (a
/// recipient, an event, an invitation) has not arrived; the kernel retries
/// it later, and parks it if it never does. Names ids only.
struct NotYetKnown: Error, CustomStringConvertible {
    let description: String
}
