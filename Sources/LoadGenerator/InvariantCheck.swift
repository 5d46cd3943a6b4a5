/// One invariant of a saga, checked over the answers a run saw.
public struct InvariantCheck: Codable, Sendable, Equatable {
    public var name: String
    public var holds: Bool
    /// What broke it (ids, counts and reason codes only); empty when it holds.
    public var detail: String

    public init(_ name: String, holds: Bool, detail: String = "") {
        self.name = name
        self.holds = holds
        self.detail = holds ? "" : detail
    }
}
