import Foundation
import Identifiers

extension MessageProcessor {
    /// Checks, decodes and routes a delivery, without I/O.
    ///
    /// Whatever a sender controls is checked before it is trusted: size,
    /// content type, JSON, the envelope, its aggregate id, the name and
    /// version, NUL in any string, then the data itself. A message that fails
    /// is parked with the reason; a command for this worker is also answered
    /// (`CommandRejected`), from its envelope when that is readable, else
    /// from its AMQP properties (see `answer`).
    public func prepare(_ delivery: IncomingDelivery) -> Prepared {
        let command = command(of: delivery)
        func refuse(_ reason: ParkReason, _ error: String, header: EnvelopeHeader? = nil) -> Prepared {
            let reply = command.flatMap { self.answer($0, reason: reason, error: error, header: header, delivery: delivery) }
            return .park(reason, error, header: header, answer: reply)
        }
        if delivery.isTruncated {
            return refuse(.tooLarge, "body of \(delivery.bodySize) bytes was over the AMQP client's limit; its content was dropped unread")
        }
        guard delivery.body.count <= maxMessageBytes else {
            return refuse(.tooLarge, "body of \(delivery.body.count) bytes is over the limit of \(maxMessageBytes)")
        }
        guard InputChecks.isJSON(contentType: delivery.contentType) else {
            return refuse(.unsupportedContentType, "content type is not application/json")
        }
        let scan = BodyScan(delivery.body)
        guard scan.isUnicode else {
            return refuse(.undecodable, "not a message envelope: not UTF-8, or a lone surrogate escape")
        }
        // One pass over the JSON: the handler (found by routing key) reads
        // the header and its typed data together; the checks below still
        // come in order, the data's own error last.
        let handler = definition.handler(forRoutingKey: delivery.routingKey)
        let header: EnvelopeHeader
        let bound: Result<BoundHandler, any Error>?
        do {
            if let handler {
                (header, bound) = try handler.decode(delivery.body)
            } else {
                (header, bound) = (try EnvelopeHeader.read(delivery.body), nil)
            }
        } catch {
            return refuse(.undecodable, "not a message envelope: \(describe(error))")
        }
        guard InputChecks.isValidAggregateId(header.aggregateId) else {
            return refuse(.undecodable, "aggregateId must be 1 to 255 characters without control characters", header: header)
        }
        guard InputChecks.isValidAggregateType(header.aggregateType) else {
            return refuse(.undecodable, "aggregateType must be at most 100 characters without control characters", header: header)
        }
        guard delivery.routingKey.split(separator: ".").last.map(String.init) == header.eventType else {
            return refuse(.malformed, "eventType does not match routing key \(delivery.routingKey)", header: header)
        }
        guard let handler, let bound else {
            return refuse(.unknownMessageType, "\(definition.name) has no handler for \(delivery.routingKey)", header: header)
        }
        guard handler.versions.contains(header.eventVersion) else {
            return refuse(
                .unsupportedVersion, "\(delivery.routingKey) version \(header.eventVersion) is not supported (\(handler.versions))",
                header: header
            )
        }
        guard !(scan.mayHoldNUL && InputChecks.containsNUL(delivery.body)) else {
            return refuse(.undecodable, "a string holds NUL (\\u0000), which text columns cannot store", header: header)
        }
        switch bound {
        case .success(var bound):
            bound.trace = delivery.trace
            return .handle(bound)
        case .failure(let error):
            return refuse(.undecodable, "\(delivery.routingKey) data does not fit: \(describe(error))", header: header)
        }
    }

    /// A message delivered `deliveries` times (the kernel's count) is parked
    /// instead of handled once that is more than `maxDeliveries`: it keeps
    /// failing to settle, most likely because handling it kills the worker.
    public func limitingDeliveries(_ prepared: Prepared, deliveries: Int) -> Prepared {
        guard deliveries > maxDeliveries, case .handle(let bound) = prepared else { return prepared }
        let error = "delivered \(deliveries) times without being settled"
        var reply =
            bound.key.kind == .command
            ? answer(bound.key, reason: .redeliveredTooOften, error: error, header: bound.header, delivery: nil)
            : nil
        reply?.trace = bound.trace
        return .park(.redeliveredTooOften, error, header: bound.header, answer: reply)
    }

    /// The command this delivery is, if it is one for this worker: named by
    /// its routing key (a handler's, or `<worker>.<Name>` through
    /// `batbern.commands`), whatever its body says.
    func command(of delivery: IncomingDelivery) -> MessageKey? {
        if let handler = definition.handler(forRoutingKey: delivery.routingKey) {
            return handler.key.kind == .command ? handler.key : nil
        }
        let prefix = "\(definition.name)."
        guard delivery.exchange == Exchanges.commands, delivery.routingKey.hasPrefix(prefix) else { return nil }
        let name = String(delivery.routingKey.dropFirst(prefix.count))
        return name.isEmpty ? nil : .command(name, to: definition.name)
    }

    /// Who to answer and how: from the envelope when it could be read; else
    /// from the AMQP properties, `message_id` as the command's id (causation)
    /// and `correlation_id` as its correlation, when they are UUIDs. Without a
    /// usable `message_id` no answer can name its cause: the command is only parked.
    func answer(
        _ command: MessageKey, reason: ParkReason, error: String, header: EnvelopeHeader?, delivery: IncomingDelivery?
    ) -> CommandAnswer? {
        answer(command, rejection: CommandRejection(reason.rejectionReason, error), header: header, delivery: delivery)
    }

    func answer(
        _ command: MessageKey, rejection: CommandRejection, header: EnvelopeHeader?, delivery: IncomingDelivery?
    ) -> CommandAnswer? {
        if let header {
            let valid = InputChecks.isValidAggregateId(header.aggregateId)
            return CommandAnswer(
                command: command, commandId: header.id, correlationId: header.correlationId,
                aggregateId: valid ? header.aggregateId : header.id.description,
                aggregateType: valid && InputChecks.isValidAggregateType(header.aggregateType) ? header.aggregateType : "",
                rejection: rejection, trace: delivery?.trace
            )
        }
        guard let id = delivery?.messageId.flatMap(Identifier.init) else { return nil }
        return CommandAnswer(
            command: command, commandId: id, correlationId: delivery?.correlationId.flatMap(Identifier.init) ?? id,
            aggregateId: id.description, aggregateType: "", rejection: rejection, trace: delivery?.trace
        )
    }
}
