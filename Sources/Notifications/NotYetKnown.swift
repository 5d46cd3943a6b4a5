/// A message that cannot be applied yet because what it refers to (a
/// recipient, an event, an invitation) has not arrived; the kernel retries
/// it later, and parks it if it never does. Names no id: the kernel's
/// failures journal keeps it, and an erased person's id must not stay there.
struct NotYetKnown: Error, CustomStringConvertible {
    let description: String
}
