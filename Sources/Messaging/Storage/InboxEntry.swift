import Identifiers

/// One inbox row: `handler` has applied `messageId`.
struct InboxEntry: Hashable, Sendable {
    let messageId: Identifier
    let handler: String
}
