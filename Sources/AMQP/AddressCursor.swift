import Synchronization

/// The `AddressRotation` that every copy of one `AMQPConnection.Configuration`
/// shares, so the connections of a process (consumer, relay, scheduler …)
/// move away from a lost node together instead of each finding out alone.
final class AddressCursor: Sendable {
    private let preferred = Mutex(0)

    /// The rotation for `count` addresses, as it stands.
    func rotation(count: Int) -> AddressRotation {
        AddressRotation(count: count, preferred: preferred.withLock { $0 })
    }

    func connected(to index: Int, count: Int) {
        update(count: count) { $0.connected(to: index) }
    }

    func lost(_ index: Int, count: Int) {
        update(count: count) { $0.lost(index) }
    }

    private func update(count: Int, _ change: (inout AddressRotation) -> Void) {
        preferred.withLock { value in
            var rotation = AddressRotation(count: count, preferred: value)
            change(&rotation)
            value = rotation.preferred
        }
    }
}
