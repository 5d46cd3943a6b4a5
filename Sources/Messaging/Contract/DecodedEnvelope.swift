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
}
