/// A message that carries the same fields as others under its own name: a
/// consumer that reads several messages alike (events' six speaker slot
/// events, say) gives each its own type around one `Fields` type.
///
/// It is written and read exactly as its fields, and reflects as them (tools
/// that list the fields a handler reads see through it).
public protocol SharedFields: Message, CustomReflectable {
    associatedtype Fields: Codable & Sendable
    var fields: Fields { get }
    init(_ fields: Fields)
}

extension SharedFields {
    public init(from decoder: any Decoder) throws {
        self.init(try Fields(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try fields.encode(to: encoder)
    }

    public var customMirror: Mirror { Mirror(reflecting: fields) }
}
