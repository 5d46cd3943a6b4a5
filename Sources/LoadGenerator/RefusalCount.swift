import Identifiers

/// The refusals among a run's answers, each message counted once (a
/// CommandRejected is both a command's direct answer and its saga's end).
struct RefusalCount {
    private var counted = Set<Identifier>()
    private var byReason: [String: Int] = [:]

    mutating func add(_ answers: [Observed]) {
        for answer in answers where counted.insert(answer.id).inserted {
            if let refusal = answer.message.refusal { byReason[refusal, default: 0] += 1 }
        }
    }

    /// Holds when nothing was refused; names each refusal with its count.
    func check(_ name: String) -> InvariantCheck {
        InvariantCheck(
            name, holds: byReason.isEmpty,
            detail: byReason.sorted { $0.key < $1.key }.map { "\($0.value) × \($0.key)" }.joined(separator: ", ")
        )
    }
}
