import Foundation

/// How many `batbern worker` processes `batbern run` starts per context
/// (`--replicas`), and the HTTP port of each (pure: parsed and laid out
/// without processes).
///
/// Replica 1 of a context keeps the context's name and its port (base +
/// the context's index, 9101-9106 by default); replica r is named
/// `<context>-r` and listens on that port + (r − 1) × `portStride`, so with
/// six contexts no two replicas meet (9111-9116 for the second, 9121-9126
/// for the third …). A base of 0 gives every replica a free port.
public struct ReplicaPlan: Sendable, Hashable {
    /// Ports between one replica of a context and the next.
    public static let portStride = 10
    /// The most replicas of one context.
    public static let maxReplicas = 20

    /// One worker process to start.
    public struct Replica: Sendable, Hashable {
        public let context: BoundedContext
        /// 1 for the first.
        public let index: Int
        /// The supervisor's name for it (its log's `child=`).
        public let name: String
        public let httpPort: Int
    }

    /// Replicas per context; a context not named has one.
    public private(set) var counts: [BoundedContext: Int]

    public init(counts: [BoundedContext: Int] = [:]) {
        self.counts = counts
    }

    /// `N` (every context), `context=N`, or a comma-separated mix (a named
    /// context wins over the plain number), e.g. `3` or `2,attendees=4`.
    public init(parsing text: String) throws(ReplicaPlanError) {
        var everyContext = 1
        var named: [BoundedContext: Int] = [:]
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let count = Int(parts[parts.count - 1]), (1...Self.maxReplicas).contains(count) else {
                throw ReplicaPlanError("each count is a whole number in 1...\(Self.maxReplicas)")
            }
            if parts.count == 1 {
                everyContext = count
            } else if let context = BoundedContext(rawValue: parts[0]) {
                named[context] = count
            } else {
                throw ReplicaPlanError(
                    "\(parts[0].isEmpty ? "an empty name" : parts[0]) is no context (\(BoundedContext.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
        }
        counts = Dictionary(uniqueKeysWithValues: BoundedContext.allCases.map { ($0, named[$0] ?? everyContext) })
    }

    public func count(of context: BoundedContext) -> Int { counts[context] ?? 1 }

    /// Every process, context by context in `BoundedContext` order, replica 1 first.
    public func replicas(httpPortBase base: Int) -> [Replica] {
        BoundedContext.allCases.enumerated().flatMap { position, context in
            (1...count(of: context)).map { index in
                Replica(
                    context: context, index: index, name: index == 1 ? context.rawValue : "\(context.rawValue)-\(index)",
                    httpPort: base == 0 ? 0 : base + position + (index - 1) * Self.portStride)
            }
        }
    }

    /// The highest port `replicas(httpPortBase:)` gives with `base`.
    public func highestPort(httpPortBase base: Int) -> Int {
        replicas(httpPortBase: base).map(\.httpPort).max() ?? base
    }
}
