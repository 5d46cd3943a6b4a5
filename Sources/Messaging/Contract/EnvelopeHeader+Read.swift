extension EnvelopeHeader {
    /// The header of a body: `EnvelopeReader`'s, else `JSONDecoder`'s (the
    /// reader gave up), which throws when the body is no envelope.
    static func read(_ body: [UInt8]) throws -> EnvelopeHeader {
        try EnvelopeReader.read(body)?.header ?? MessageCoding.decode(EnvelopeHeader.self, from: body)
    }
}
