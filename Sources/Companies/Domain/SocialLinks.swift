/// A company's social links (the data architecture's `SocialLinks`): its
/// LinkedIn page and its X account, each an http(s) URL with a host. The
/// website stays the company's own `website` field, as in the seed schema.
public struct SocialLinks: Sendable, Hashable, Codable {
    public var linkedIn: String?
    public var x: String?

    public init(linkedIn: String? = nil, x: String? = nil) {
        self.linkedIn = linkedIn
        self.x = x
    }

    /// No link at all.
    public static let none = SocialLinks()
}
