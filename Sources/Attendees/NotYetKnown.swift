/// An event that cannot be applied yet because what it refers to has not
/// arrived; the kernel retries it later.
struct NotYetKnown: Error, CustomStringConvertible {
    let description: String
}
