/// The contract's range of a choice number (1 … 2³¹−1). events passes the
/// number on in its answers, so one outside it does not decode: the message
/// is parked at once, never echoed.
enum ChoiceNumber {
    static let range = 1...Int(Int32.max)

    static func decode<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, forKey key: Key) throws -> Int {
        let number = try container.decode(Int.self, forKey: key)
        guard range.contains(number) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "outside 1...\(Int32.max)")
        }
        return number
    }
}
