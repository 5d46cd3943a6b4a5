import Foundation

/// The needles of an erasure request, and whether a message is one it
/// names: one of the request's types (any, without types) whose body
/// mentions a needle.
///
/// A body mentions a needle when its text contains it, ignoring case; or,
/// when the text has escapes, when one of its JSON strings (keys included)
/// does once decoded: `anna\u0040example.ch` is Anna's email to any JSON
/// reader, so it is to the sweep as well.
public struct ErasureNeedles: Sendable, Hashable {
    /// Lowercased.
    public let needles: Set<String>
    /// nil: messages of every type.
    public let routingKeys: Set<String>?

    public init(_ needles: some Sequence<String>, routingKeys: [String]? = nil) {
        self.needles = Set(needles.map { $0.lowercased() }.filter { !$0.isEmpty })
        self.routingKeys = routingKeys.map(Set.init)
    }

    /// Whether the message with this routing key (`<context>.<Name>`) and body is one to forget.
    public func names(routingKey: String, body: [UInt8]) -> Bool {
        routingKeys?.contains(routingKey) != false && isMentioned(in: body)
    }

    public func isMentioned(in body: [UInt8]) -> Bool {
        guard !needles.isEmpty, !body.isEmpty else { return false }
        let text = String(decoding: body, as: UTF8.self)
        if mentions(text) { return true }
        // Without a backslash, decoded JSON strings are the raw text's own.
        guard body.contains(UInt8(ascii: "\\")), let json = try? JSONDecoder().decode(JSONValue.self, from: Data(body)) else {
            return false
        }
        return Self.strings(in: json).contains(where: mentions)
    }

    private func mentions(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return needles.contains { lowered.contains($0) }
    }

    private static func strings(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text): [text]
        case .array(let items): items.flatMap(strings(in:))
        case .object(let fields): fields.flatMap { [$0.key] + strings(in: $0.value) }
        case .null, .bool, .number: []
        }
    }
}
