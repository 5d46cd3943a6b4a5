public import Foundation
public import Identifiers

/// Who removed a session material, as what, and when.
public struct MaterialRemoval: Sendable, Equatable {
    public var by: Identifier
    public var role: ActorRole
    public var at: Date
}
