import AMQP
import Identifiers
import Messaging

/// Makes the hostile messages from the targets: per target the
/// envelope-level kinds (rotating through their forms, so every worker meets
/// each form), per field of its schema the field-level kinds, and per worker
/// the kinds one message each is enough for (size limit, unknown eventType).
///
/// Every text a hostile value adds contains `marker`, so no rejection, park
/// header or log line may contain it: none echoes what it refuses.
struct HostileGenerator {
    static let marker = "zq7"

    let targets: [HostileTarget]

    func messages() -> [HostileMessage] {
        targets.enumerated().flatMap { index, target in envelopeVariants(target, index) + fieldVariants(target) }
            + Set(targets.flatMap(\.readers.keys)).sorted().flatMap(workerVariants)
    }

    /// A message to `target`: its baseline (or `data`) in an envelope,
    /// changed by `edit`, written, then changed by `raw`.
    func make(
        _ target: HostileTarget, _ kind: HostileKind, _ label: String, _ fault: HostileFault, data: JSONText? = nil,
        aggregateId: String = Identifier().description, aggregateType: String = "Hostile", version: JSONText = .number(1),
        edit: (JSONText) -> JSONText = { $0 }, raw: ([UInt8]) -> [UInt8] = { $0 },
        messageId: (Identifier) -> String? = { $0.description }, contentType: String? = "application/json",
        headers: AMQPTable = [:], expectations: [String: HostileExpectation]? = nil
    ) -> HostileMessage {
        let id = Identifier()
        var data = data ?? target.baseline
        for (field, value) in HostileBaselines.fresh(target.routingKey)
        where data[field].map(\.bytes) == target.baseline[field].map(\.bytes) {
            data = data.setting(field, value)
        }
        let envelope = HostileEnvelope.make(
            id: id, eventType: target.name, data: data, aggregateId: aggregateId,
            aggregateType: aggregateType, version: version
        )
        return HostileMessage(
            kind: kind, fault: fault, label: "\(target.routingKey) \(label)", id: id, exchange: target.exchange, routingKey: target.routingKey,
            body: raw(edit(envelope).bytes),
            properties: AMQPProperties(contentType: contentType, headers: headers, messageId: messageId(id), type: target.name),
            expectations: expectations ?? target.expectations(fault)
        )
    }

    /// `count` forms of `forms`, starting at the target's turn.
    func rotate<T>(_ forms: [T], _ index: Int, _ count: Int) -> [T] {
        (0..<min(count, forms.count)).map { forms[(index * count + $0) % forms.count] }
    }

    /// A text of exactly `length` Unicode scalars that starts with the marker,
    /// in the field's format; `wide` uses two-byte characters.
    func text(_ length: Int, format: String?, wide: Bool = false) -> String {
        let filler = wide ? "é" : "x"
        switch format {
        case "email":
            let domain = "@example.ch"
            return Self.marker + String(repeating: "x", count: max(0, length - Self.marker.count - domain.count)) + domain
        case "uri":
            let base = "https://example.ch/" + Self.marker
            return base + String(repeating: "x", count: max(0, length - base.count))
        default:
            return Self.marker + String(repeating: filler, count: max(0, length - Self.marker.count))
        }
    }
}
