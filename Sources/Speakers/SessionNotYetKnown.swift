/// An event about a session speakers has not heard of yet (delivered before
/// SessionScheduled). The kernel retries it until the session arrives.
struct SessionNotYetKnown: Error, CustomStringConvertible {
    let description: String
}
