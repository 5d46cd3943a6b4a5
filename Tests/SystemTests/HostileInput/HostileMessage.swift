import AMQP
import Identifiers

/// One hostile message as sent, and what each worker it reaches must do with it.
struct HostileMessage: Sendable {
    let kind: HostileKind
    let fault: HostileFault
    /// What it tries, for failure messages: e.g. `CreateCompany.name: 256 characters`.
    let label: String
    /// The id an answer must name: the envelope's id, which is also the
    /// message_id unless the message is about that property.
    let id: Identifier
    let exchange: String
    let routingKey: String
    let body: [UInt8]
    let properties: AMQPProperties
    /// By the name of each worker the broker routes it to.
    let expectations: [String: HostileExpectation]
}
