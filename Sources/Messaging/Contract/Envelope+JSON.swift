/// The envelope's JSON with its header written by hand and only the data
/// through `JSONEncoder`: every message a worker sends is encoded here, and
/// Foundation's encoder spent as long on the eight header fields as on the
/// whole rest of handling a small command. The bytes are the ones
/// `MessageCoding.encode(envelope)` writes (keys sorted, no spaces);
/// `EnvelopeEncodingTests` holds the two side by side.
extension Envelope {
    func encodedJSON() throws -> [UInt8] {
        let data = try MessageCoding.encode(self.data)
        var output: [UInt8] = []
        output.reserveCapacity(data.count + aggregateId.utf8.count + aggregateType.utf8.count + eventType.utf8.count + 300)
        func key(_ name: StaticString, first: Bool = false) {
            if !first { output.append(UInt8(ascii: ",")) }
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            output.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        func plain(_ text: String) {
            // Identifiers and timestamps: nothing in them needs escaping.
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: text.utf8)
            output.append(UInt8(ascii: "\""))
        }
        output.append(UInt8(ascii: "{"))
        key("aggregateId", first: true)
        JSONStringWriter.append(aggregateId, to: &output)
        key("aggregateType")
        JSONStringWriter.append(aggregateType, to: &output)
        if let causationId {
            key("causationId")
            plain(causationId.description)
        }
        key("correlationId")
        plain(correlationId.description)
        key("data")
        output.append(contentsOf: data)
        key("eventType")
        JSONStringWriter.append(eventType, to: &output)
        key("eventVersion")
        output.append(contentsOf: String(eventVersion).utf8)
        key("id")
        plain(id.description)
        key("occurredAt")
        plain(MessageCoding.formatTimestamp(occurredAt))
        output.append(UInt8(ascii: "}"))
        return output
    }
}
