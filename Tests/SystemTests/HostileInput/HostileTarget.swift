import Foundation
import Identifiers
import Messaging
import TestSupport
import Testing
import WorkerHost

/// One routing key the suite attacks: a command of a worker, or an event
/// that some workers take (the broker gives each of them a copy).
struct HostileTarget: Sendable {
    let routingKey: String
    let exchange: String
    let isCommand: Bool
    /// What each receiving worker decodes of the data, by worker name:
    /// field name → whether it needs the field (not optional).
    let readers: [String: [String: Bool]]
    /// The data schema's properties and required fields (schemas/messages).
    let properties: [(name: String, schema: JSONValue)]
    let required: Set<String>
    /// Data the receivers take (see `HostileBaselines`).
    let baseline: JSONText

    /// `CreateCompany`
    var name: String { String(routingKey.split(separator: ".").last ?? "") }

    /// What each receiver must do with a message to this target that has `fault`.
    func expectations(_ fault: HostileFault) -> [String: HostileExpectation] {
        readers.mapValues { reads in
            switch fault {
            case .kernel: isCommand ? .rejected : .parked
            case .unreadable(let field): isCommand ? .rejected : reads[field] == nil ? .tolerated : .parked
            case .missing(let field):
                isCommand ? (required.contains(field) ? .rejected : .answered) : reads[field] == true ? .parked : .tolerated
            case .outOfContract: isCommand ? .rejected : .tolerated
            case .unusual: isCommand ? .answered : .tolerated
            case .none: isCommand ? .answered : .handled
            }
        }
    }

    /// Every client command and every consumed event of `contexts`, with
    /// valid data naming `refs`. Timer commands (a worker's commands to
    /// itself) are left out: a stale one is answered by nothing, by design.
    static func all(_ contexts: [BoundedContext], refs: HostileReferences) throws -> [HostileTarget] {
        let definitions = try contexts.map { try $0.definition(settings: Settings(environment: [:])) }
        var receivers: [String: [WorkerDefinition]] = [:]
        var kinds: [String: MessageKey] = [:]
        for definition in definitions {
            for handler in definition.handlers where !definition.publishes.contains(handler.key) {
                receivers[handler.key.routingKey, default: []].append(definition)
                kinds[handler.key.routingKey] = handler.key
            }
        }
        let folder = TestServers.repositoryRoot.appendingPathComponent("schemas/messages")
        return try kinds.keys.sorted().map { routingKey in
            let key = try #require(kinds[routingKey])
            let schema = try JSONDecoder().decode(
                JSONValue.self, from: Data(contentsOf: folder.appendingPathComponent("\(routingKey).json"))
            )
            let baseline = try #require(HostileBaselines.data(routingKey, refs), "no baseline for \(routingKey)")
            var readers: [String: [String: Bool]] = [:]
            for definition in receivers[routingKey] ?? [] {
                readers[definition.name] = try reading(definition, key, baseline)
            }
            guard case .object(let properties)? = schema["properties"] else { throw TargetProblem(routingKey, "no properties") }
            return HostileTarget(
                routingKey: routingKey, exchange: key.exchange, isCommand: key.kind == .command, readers: readers,
                properties: properties.sorted { $0.key < $1.key }.map { (name: $0.key, schema: $0.value) },
                required: Set(schema["required"].flatMap { if case .array(let names) = $0 { names.compactMap(\.stringValue) } else { nil } } ?? []),
                baseline: baseline
            )
        }
    }

    /// The data as the handler reads it.
    private static func payload<P: Codable & Sendable>(_ type: P.Type, _ body: [UInt8]) throws -> P {
        try MessageCoding.decode(Envelope<P>.self, from: body).data
    }

    /// The fields `definition`'s handler decodes, found by letting the
    /// kernel take the baseline (which must pass) and reflecting on the
    /// baseline read as the handler's payload type.
    private static func reading(_ definition: WorkerDefinition, _ key: MessageKey, _ baseline: JSONText) throws -> [String: Bool] {
        let body = HostileEnvelope.make(id: Identifier(), eventType: key.name, data: baseline).bytes
        let processor = MessageProcessor(definition: definition, notifyChannel: "hostile")
        let prepared = processor.prepare(
            IncomingDelivery(
                body: body, routingKey: key.routingKey, exchange: key.exchange, contentType: "application/json"
            ))
        guard case .handle = prepared, let handler = definition.handlers.first(where: { $0.key == key }) else {
            throw TargetProblem(key.routingKey, "\(definition.name) does not take the baseline: \(prepared)")
        }
        let data = try payload(handler.payload, body)
        var fields: [String: Bool] = [:]
        for child in Mirror(reflecting: data).children {
            guard let label = child.label else { continue }
            fields[label] = Mirror(reflecting: child.value).displayStyle != .optional
        }
        return fields
    }
}
