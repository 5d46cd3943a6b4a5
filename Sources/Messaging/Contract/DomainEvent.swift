/// Something that happened in a context, published by it. `context` is the
/// publisher.
public protocol DomainEvent: Message {}

extension DomainEvent {
    public static var kind: MessageKey.Kind { .event }
}
