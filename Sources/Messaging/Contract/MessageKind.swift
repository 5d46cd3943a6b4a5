/// The two exchanges every worker shares.
public enum Exchanges {
    public static let commands = "batbern.commands"
    public static let events = "batbern.events"
}

/// What a handler subscribes to: a command sent to its own context, or an
/// event published by some context. The routing key is the message's name:
/// `<context>.<Name>`.
public struct MessageKey: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case command, event }

    public let kind: Kind
    /// The context the command is for, or the context that publishes the event.
    public let context: String
    public let name: String

    public static func command(_ name: String, to context: String) -> MessageKey {
        MessageKey(kind: .command, context: context, name: name)
    }

    public static func event(_ name: String, from context: String) -> MessageKey {
        MessageKey(kind: .event, context: context, name: name)
    }

    public var routingKey: String { "\(context).\(name)" }
    public var exchange: String { kind == .command ? Exchanges.commands : Exchanges.events }
    public var description: String { routingKey }
}

/// The answer to a command that could not be carried out.
public struct CommandRejected: Codable, Sendable, Hashable {
    /// The command's name, e.g. `InviteSpeaker`.
    public var commandType: String
    /// A stable machine-readable code, e.g. `unknown_speaker`.
    public var reason: String
    /// What a person should read.
    public var message: String

    public init(commandType: String, reason: String, message: String) {
        self.commandType = commandType
        self.reason = reason
        self.message = message
    }

    public static let eventType = "CommandRejected"
}

/// Thrown by a command handler that refuses the command. The kernel undoes
/// whatever the handler wrote and answers with `CommandRejected`.
public struct CommandRejection: Error, Sendable, Hashable {
    public var reason: String
    public var message: String

    public init(_ reason: String, _ message: String) {
        self.reason = reason
        self.message = message
    }
}
