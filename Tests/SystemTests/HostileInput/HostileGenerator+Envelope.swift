import AMQP
import Identifiers
import Messaging

/// What the kernel must refuse whatever the data says, and what it must
/// let through: the body, the envelope, the properties and headers.
extension HostileGenerator {
    func envelopeVariants(_ target: HostileTarget, _ index: Int) -> [HostileMessage] {
        let marker = Self.marker
        var out: [HostileMessage] = []
        func add(_ kind: HostileKind, _ label: String, _ fault: HostileFault = .kernel, edit: @escaping (JSONText) -> JSONText) {
            out.append(make(target, kind, label, fault, edit: edit))
        }

        let broken: [(String, ([UInt8]) -> [UInt8])] = [
            ("cut in half", { Array($0.prefix($0.count / 2)) }),
            ("empty body", { _ in [] }),
            ("trailing text", { $0 + Array(" \(marker)".utf8) }),
            ("single quotes", { $0.map { $0 == UInt8(ascii: "\"") ? UInt8(ascii: "'") : $0 } }),
            ("a bare word", { _ in Array(marker.utf8) }),
            ("two documents", { $0 + $0 }),
        ]
        for (label, raw) in rotate(broken, index, 2) {
            out.append(make(target, .invalidJSON, label, .kernel, raw: raw))
        }

        let invalidUTF8: [(String, [UInt8])] = [
            ("0xFF", [0xFF]), ("an overlong '/'", [0xC0, 0xAF]), ("a UTF-16 surrogate", [0xED, 0xA0, 0x80]),
            ("a lone continuation byte", [0x80]), ("a code point past U+10FFFF", [0xF4, 0x90, 0x80, 0x80]),
            ("an escaped lone surrogate", Array(#"\ud800"#.utf8)),
        ]
        for (label, bytes) in rotate(invalidUTF8, index, 1) {
            let note = JSONText.bytes(Array("\"\(marker)".utf8) + bytes + Array("\"".utf8))
            out.append(make(target, .invalidUTF8, label, .kernel, data: target.baseline.setting("note", note)))
        }

        for member in rotate(HostileEnvelope.members, index, 2) {
            add(.missingFields, "without envelope \(member)") { $0.removing(member) }
        }
        let retyped: [(String, JSONText)] = [
            ("id", .number(42)), ("aggregateId", .number(7)), ("aggregateType", .array([])), ("eventType", .number(5)),
            ("eventVersion", .string("1")), ("occurredAt", .number(0)), ("data", .array([])), ("data", .string(marker)),
            ("correlationId", .bool(true)),
        ]
        for (member, value) in rotate(retyped, index, 2) {
            add(.wrongTypes, "envelope \(member) of another type") { $0.setting(member, value) }
        }
        let invalid: [(String, JSONText)] = [
            ("id", .string("\(marker)-not-a-uuid")), ("correlationId", .string("")), ("occurredAt", .string("yesterday \(marker)")),
            ("causationId", .string(marker)),
        ]
        for (member, value) in rotate(invalid, index, 1) {
            add(.invalidValues, "envelope \(member) invalid") { $0.setting(member, value) }
        }

        add(.unsupportedVersion, "eventVersion 2") { $0.setting("eventVersion", .number(2)) }
        let versions = ["0", "-1", "9223372036854775807", "99999999999999999999"]
        for version in rotate(versions, index, 1) {
            add(.unsupportedVersion, "eventVersion \(version)") { $0.setting("eventVersion", .literal(version)) }
        }

        let others = targets.filter {
            $0.routingKey != target.routingKey && $0.exchange == target.exchange
                && (!target.isCommand || $0.readers.keys == target.readers.keys)
        }
        let mismatches = [others.isEmpty ? target.name + "X" : others[index % others.count].name, target.name.lowercased(), target.name + " "]
        for name in rotate(mismatches, index, 1) {
            add(.keyMismatch, "eventType '\(name)'") { $0.setting("eventType", .string(name)) }
        }

        let depth = 10_000
        if index.isMultiple(of: 2) {
            let nested = JSONText.literal(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
            out.append(make(target, .deepNesting, "arrays in the data", .kernel, data: target.baseline.setting("nested", nested)))
        } else {
            let nested = JSONText.literal(String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth))
            add(.deepNesting, "objects as the data") { $0.setting("data", nested) }
        }

        out += headerVariants(target, index)

        out.append(
            make(
                target, .nul, "raw NUL byte in a string", .kernel,
                data: target.baseline.setting("note", .bytes(Array("\"\(marker)".utf8) + [0] + Array("\"".utf8)))))
        out.append(make(target, .nul, "NUL in aggregateId", .kernel, aggregateId: "agg\u{0}\(Identifier().description.prefix(8))"))
        out.append(
            make(
                target, .combining, "aggregateId with combining marks", .unusual,
                aggregateId: "Zu\u{308}rich-\(Identifier().description.prefix(8))"))
        out.append(
            make(
                target, .overLength, "aggregateId of 256 characters", .kernel,
                aggregateId: String(repeating: "é", count: 256)))
        out.append(
            make(
                target, .overLength, "aggregateType of 101 characters", .outOfContract,
                aggregateType: String(repeating: "T", count: 101)))
        return out
    }

    /// Content types, message ids and forged kernel headers.
    private func headerVariants(_ target: HostileTarget, _ index: Int) -> [HostileMessage] {
        let marker = Self.marker
        var out: [HostileMessage] = []
        let badTypes = ["text/plain", "application/xml", "application/octet-stream"]
        for type in rotate(badTypes, index, 1) {
            out.append(make(target, .contentType, "content type \(type)", .kernel, contentType: type))
        }
        let fineTypes: [String?] = ["application/json; charset=utf-8", "Application/JSON", nil]
        for type in rotate(fineTypes, index, 1) {
            out.append(make(target, .contentType, "content type \(type ?? "absent")", .none, contentType: type))
        }

        if target.isCommand {
            let unanswerable = target.expectations(.kernel).mapValues { _ in HostileExpectation.parkedUnanswered }
            out.append(
                make(
                    target, .messageId, "unreadable, no message_id", .kernel, raw: { _ in Array("{\(marker) \(Identifier())".utf8) },
                    messageId: { _ in nil }, expectations: unanswerable))
            out.append(
                make(
                    target, .messageId, "unreadable, message_id not a UUID", .kernel, raw: { _ in Array("{\(marker) \(Identifier())".utf8) },
                    messageId: { _ in "\(marker)-not-a-uuid" }, expectations: unanswerable))
            out.append(
                make(
                    target, .messageId, "unreadable, message_id in capitals", .kernel, raw: { _ in Array("{\(marker)".utf8) },
                    messageId: { $0.description.uppercased() }))
            out.append(make(target, .messageId, "version 2, no message_id", .kernel, version: .number(2), messageId: { _ in nil }))
        } else {
            out.append(make(target, .messageId, "no message_id", .none, messageId: { _ in nil }))
        }

        let forged: [(String, AMQPTable)] = [
            ("x-batbern-attempt Int64.max", [KernelHeaders.attempt: .int64(Int64.max)]),
            ("x-batbern-routing-key of another handler", [KernelHeaders.routingKey: .string(anotherRoutingKey(target, index))]),
            ("x-batbern-replays Int64.max", [KernelHeaders.replays: .int64(Int64.max), KernelHeaders.exchange: .string("")]),
            ("x-delivery-count Int64.max", [KernelHeaders.deliveryCount: .int64(Int64.max)]),
            ("a forged park reason", [KernelHeaders.parkReason: .string("forged"), KernelHeaders.error: .string(marker)]),
        ]
        for (offset, (label, headers)) in rotate(forged, index, 2).enumerated() {
            if offset == 0 {
                out.append(make(target, .forgedHeaders, "\(label), good message", .none, headers: headers))
            } else {
                out.append(make(target, .forgedHeaders, "\(label), eventVersion 2", .kernel, version: .number(2), headers: headers))
            }
        }
        return out
    }

    /// A routing key some other handler takes (a forged header may name it).
    private func anotherRoutingKey(_ target: HostileTarget, _ index: Int) -> String {
        let others = targets.filter { $0.routingKey != target.routingKey }
        return others.isEmpty ? target.routingKey : others[index % others.count].routingKey
    }
}
