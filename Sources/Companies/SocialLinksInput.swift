public import Messaging

/// `socialLinks` as a command gives it. In `UpdateCompany` each link is a
/// patch of its own: absent keeps it, null removes it, a URL replaces it.
/// In `CreateCompany` absent and null both mean no link.
public struct SocialLinksInput: Codable, Sendable, Hashable {
    public var linkedIn: Patch<String>
    public var x: Patch<String>

    public init(linkedIn: Patch<String> = .unchanged, x: Patch<String> = .unchanged) {
        self.linkedIn = linkedIn
        self.x = x
    }
}
