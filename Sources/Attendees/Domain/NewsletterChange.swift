public import Foundation

/// The last change of a newsletter subscription: when, and through what.
public struct NewsletterChange: Sendable, Hashable {
    public var at: Date
    public var source: NewsletterSource

    public init(at: Date, source: NewsletterSource) {
        self.at = at
        self.source = source
    }
}
