/// A body read in one pass: its header, and its data or why the data does not
/// fit. A header that does not read throws (the body is no envelope); a data
/// error is kept, so the kernel can still check the header and answer from it.
struct DecodedEnvelope<Payload: Codable & Sendable>: Decodable {
    let header: EnvelopeHeader
    let data: Result<Payload, any Error>

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: EnvelopeHeader.Key.self)
        header = try EnvelopeHeader(container)
        data = Result { try container.decode(Payload.self, forKey: .data) }
    }

    private init(header: EnvelopeHeader, data: Payload) {
        self.header = header
        self.data = .success(data)
    }

    /// Reads a body: `EnvelopeReader` and the data alone through
    /// `MessageCoding`, else, when the reader gives up or the data does not
    /// decode, `JSONDecoder` on the whole body as before, for the same answer
    /// and the same error.
    static func read(_ body: [UInt8]) throws -> DecodedEnvelope {
        try fastRead(body) ?? MessageCoding.decode(DecodedEnvelope.self, from: body)
    }

    /// The fast path alone: nil when it gives up.
    static func fastRead(_ body: [UInt8]) -> DecodedEnvelope? {
        guard let (header, range) = EnvelopeReader.read(body), let range,
            let data = try? MessageCoding.decode(Payload.self, from: body[range])
        else { return nil }
        return DecodedEnvelope(header: header, data: data)
    }
}
