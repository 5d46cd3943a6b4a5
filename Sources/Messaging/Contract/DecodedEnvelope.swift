/// A body read in one pass: its header, and its data or why the data does not
/// fit. A header that does not read throws (the body is no envelope); a data
/// error is kept, so the kernel can still check the header and answer from it.
struct DecodedEnvelope<Payload: Codable & Sendable>: Decodable {
    let header: EnvelopeHeader
    let data: Result<Payload, any Error>

    init(from decoder: any Decoder) throws {
        header = try EnvelopeHeader(from: decoder)
        data = Result { try decoder.container(keyedBy: Key.self).decode(Payload.self, forKey: .data) }
    }

    private enum Key: String, CodingKey {
        case data
    }
}
