public import AMQP

extension ParkingLot {
    /// Removes the parked messages `shouldRemove` picks and returns them;
    /// every other one is given back untouched. Each message is taken with
    /// basic.get; `beforeRemoving` gets the picked ones, which are then
    /// acked, and the rest are returned with one nack (requeue), in order,
    /// as `list` does (so a delivery count grows by one per sweep, far from
    /// the parking queue's limit). A message parked during the sweep is
    /// looked at too, but not one another client holds unacked at that
    /// moment (a `list` running alongside). A failure, or a crash, before
    /// the acks returns every message. Needs read on the parking queue only.
    public func remove(
        _ connection: AMQPConnection, where shouldRemove: (Entry) -> Bool,
        beforeRemoving: ([Entry]) async throws -> Void = { _ in }
    ) async throws -> [Entry] {
        let channel = try await connection.openChannel()
        var removed: [(tag: UInt64, entry: Entry)] = []
        var lastKept: UInt64?
        while let delivery = try await channel.get(queue: topology.parkingQueue) {
            let entry = entry(delivery)
            if shouldRemove(entry) {
                removed.append((delivery.deliveryTag, entry))
            } else {
                lastKept = delivery.deliveryTag
            }
        }
        do {
            try await beforeRemoving(removed.map(\.entry))
        } catch {
            try? await channel.close()
            throw error
        }
        // Acks first: the multiple nack returns whatever is still unacked up to its tag.
        for item in removed { try await channel.ack(item.tag) }
        if let lastKept { try await channel.nack(lastKept, multiple: true, requeue: true) }
        try await channel.close()
        return removed.map(\.entry)
    }
}
