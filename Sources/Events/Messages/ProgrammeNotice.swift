/// The data of EventProgrammePublished and EventProgrammeChanged: the
/// programme's members, with its `revision` (1 when published, one more per
/// change) and the `cause` of the announcement, all at one level.
public struct ProgrammeNotice: Codable, Sendable, Equatable {
    public var programme: Programme
    public var revision: Int
    public var cause: ProgrammeCause

    public init(_ programme: Programme, revision: Int, cause: ProgrammeCause) {
        self.programme = programme
        self.revision = revision
        self.cause = cause
    }

    enum CodingKeys: String, CodingKey {
        case revision, cause
    }

    public init(from decoder: any Decoder) throws {
        programme = try Programme(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        revision = try container.decode(Int.self, forKey: .revision)
        cause = try container.decode(ProgrammeCause.self, forKey: .cause)
    }

    public func encode(to encoder: any Encoder) throws {
        try programme.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(revision, forKey: .revision)
        try container.encode(cause, forKey: .cause)
    }
}
