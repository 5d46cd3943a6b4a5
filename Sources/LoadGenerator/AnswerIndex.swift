import Identifiers

/// The messages of a run, each once, found by what caused them and by the
/// saga they belong to. A message seen twice (same id: the broker or a
/// relay delivered it again) counts once and is counted as a duplicate.
struct AnswerIndex {
    private(set) var duplicateDeliveries = 0
    private var byCause: [Identifier: [Observed]] = [:]
    private var byCorrelation: [Identifier: [Observed]] = [:]

    init(_ observed: [Observed]) {
        var seen = Set<Identifier>()
        for message in observed.sorted(by: { $0.at < $1.at }) {
            guard seen.insert(message.id).inserted else {
                duplicateDeliveries += 1
                continue
            }
            if let cause = message.causationId { byCause[cause, default: []].append(message) }
            byCorrelation[message.correlationId, default: []].append(message)
        }
    }

    /// The messages `command` caused directly that `matches` picks, first arrival first.
    func answers(to command: Identifier, _ matches: (ObservedMessage) -> Bool) -> [Observed] {
        (byCause[command] ?? []).filter { matches($0.message) }
    }

    /// The messages of the saga `command` started that `matches` picks, first arrival first.
    func saga(of command: Identifier, _ matches: (ObservedMessage) -> Bool) -> [Observed] {
        (byCorrelation[command] ?? []).filter { matches($0.message) }
    }
}
