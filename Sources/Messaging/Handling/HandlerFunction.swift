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

/// The keys a handler's message must hold before any handler of its batch
/// runs (for example `company:<id>`): what it will read and write. The kernel
/// takes every key of a batch at once, in one fixed order, as transaction
/// advisory locks: messages of different keys run side by side in several
/// lanes and replicas, messages of one key one after another, and no two
/// batches can deadlock on them. It runs before the locks, so it may read
/// (say, which company an attendee works for); the kernel asks it again under
/// the locks and runs the batch again if the answer changed meanwhile.
public typealias LockKeysFunction<M: Message> = @Sendable (Envelope<M>, isolated PostgresConnection) throws -> [String]
