/// A request to one context, answered by its domain events or by
/// `CommandRejected`. `context` is the context it is for.
public protocol Command: Message {}

extension Command {
    public static var kind: MessageKey.Kind { .command }
}
