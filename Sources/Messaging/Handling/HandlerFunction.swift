public import Postgres

/// A handler: a function of its message's typed envelope.
///
/// It runs inside the kernel's transaction, synchronously on the database
/// connection's thread: it loads state, decides (pure), writes state, and puts
/// what it wants published or scheduled in the context. It may throw
/// `CommandRejection` to refuse a command; any other error is retried and
/// eventually parked.
public typealias HandlerFunction<M: Message> =
    @Sendable (Envelope<M>, inout HandlerContext, isolated PostgresConnection) throws -> Void
