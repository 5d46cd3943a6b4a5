import AMQP
import Identifiers
import Messaging

/// Kinds one message per worker covers: bodies at the size limit, and
/// names no binding routes (sent straight to the worker's queue through
/// the default exchange, as a misconfigured client with the rights could).
extension HostileGenerator {
    /// A worker takes bodies up to `maxMessageBytes` (1 MiB); the broker up to 8 MiB.
    static let limit = 1 << 20

    func workerVariants(_ worker: String) -> [HostileMessage] {
        var out: [HostileMessage] = []
        if let command = targets.first(where: { $0.isCommand && $0.readers.keys.contains(worker) }) {
            out.append(sized(command, Self.limit + Self.limit / 2, label: "1.5 MiB", fault: .kernel))
            out.append(sized(command, Self.limit + 1, label: "1 MiB + 1 byte", fault: .kernel))
            out.append(sized(command, Self.limit, label: "exactly 1 MiB", fault: .unusual))
        }
        if let event = targets.first(where: { !$0.isCommand && $0.readers.keys.contains(worker) }) {
            out.append(sized(event, Self.limit + Self.limit / 2, label: "1.5 MiB", fault: .kernel))
        }
        for eventType in ["Frobnicate", worker] {
            let id = Identifier()
            let envelope = HostileEnvelope.make(id: id, eventType: eventType, data: .object([("note", .string(Self.marker))]))
            out.append(
                HostileMessage(
                    kind: .unknownEventType, fault: .kernel, label: "\(worker) eventType \(eventType) through the default exchange", id: id,
                    exchange: "", routingKey: worker, body: envelope.bytes,
                    properties: AMQPProperties(contentType: "application/json", messageId: id.description, type: eventType),
                    expectations: [worker: .parked]
                ))
        }
        return out
    }

    /// The target's baseline padded (an extra member) to exactly `bytes`.
    private func sized(_ target: HostileTarget, _ bytes: Int, label: String, fault: HostileFault) -> HostileMessage {
        let needle = Array(#""padding":""#.utf8)
        return make(
            target, .bodySize, label, fault, data: target.baseline.setting("padding", .string("")),
            raw: { body in
                guard let range = body.firstRange(of: needle) else { return body }
                var padded = body
                padded.insert(contentsOf: repeatElement(UInt8(ascii: "x"), count: max(0, bytes - body.count)), at: range.upperBound)
                return padded
            })
    }
}
