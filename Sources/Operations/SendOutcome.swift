/// How `batbern send` ends, and the exit status a script reads from it.
public enum SendOutcome: Sendable, Equatable {
    /// The command's events arrived (and `followUps` later messages of its flow).
    case answered(events: Int, followUps: Int)
    /// Its `CommandRejected`.
    case rejected(reason: String, message: String)
    /// Nothing within the wait (or no queue took the command).
    case noAnswer

    /// 0 for events, 1 for a rejection, 2 for no answer.
    public var exitStatus: Int32 {
        switch self {
        case .answered: 0
        case .rejected: 1
        case .noAnswer: 2
        }
    }
}
