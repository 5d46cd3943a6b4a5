import AMQP

/// Publishes hostile messages as their clients would: mandatory (a message
/// no queue takes is an error of the suite), each confirmed by the broker.
enum HostileSender {
    /// Sends on `lanes` channels at once; each keeps up to `window`
    /// messages in flight before it waits for their confirms.
    static func send(_ messages: [HostileMessage], on connection: AMQPConnection, lanes: Int = 4, window: Int = 64) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<lanes {
                let share = stride(from: lane, to: messages.count, by: lanes).map { messages[$0] }
                group.addTask {
                    let channel = try await connection.openChannel()
                    try await channel.enableConfirms()
                    var inFlight: [PublishConfirm] = []
                    for message in share {
                        inFlight.append(
                            try await channel.send(
                                message.body, exchange: message.exchange, routingKey: message.routingKey,
                                properties: message.properties, mandatory: true
                            ))
                        if inFlight.count >= window {
                            for confirm in inFlight { try await confirm.wait() }
                            inFlight.removeAll()
                        }
                    }
                    for confirm in inFlight { try await confirm.wait() }
                    try await channel.close()
                }
            }
            try await group.waitForAll()
        }
    }
}
