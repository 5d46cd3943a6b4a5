extension MessageProcessor {
    /// The answer to a command dropped because it names data being erased.
    static let erasedRejection = CommandRejection(
        "erased", "not carried out: it names data that was erased before it could be handled"
    )

    /// A message that names data being erased (back from a retry queue, or
    /// swept from the parking queue) is dropped instead of handled or parked
    /// again. A command is answered `erased`, or with the answer it got when
    /// it was parked at once (the inbox keeps either from being sent twice),
    /// so its sender is not left waiting.
    public func dropping(_ prepared: Prepared, delivery: IncomingDelivery) -> Prepared {
        switch prepared {
        case .handle(let bound):
            let answer =
                bound.key.kind == .command
                ? answer(bound.key, rejection: Self.erasedRejection, header: bound.header, delivery: delivery)
                : nil
            return .drop(header: bound.header, answer: answer)
        case .park(_, _, let header, let answer):
            return .drop(header: header, answer: answer)
        case .drop:
            return prepared
        }
    }
}
