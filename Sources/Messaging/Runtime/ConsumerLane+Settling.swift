import AMQP
import Foundation
import Identifiers
import Logging

extension ConsumerLane {
    /// Sends failures to retry or parking (confirmed, on the publishing
    /// connection) and counts the rest; returns once every confirm is in,
    /// with what the failures journal should keep of the failures.
    func settle(
        _ batch: [AMQPDelivery], _ incoming: [IncomingDelivery], _ headers: [EnvelopeHeader?],
        _ outcomes: [MessageProcessor.Outcome], publisher: AMQPChannel
    ) async throws -> [FailureRecord] {
        let metrics = service.metrics
        var confirms: [PublishConfirm] = []
        var failures: [FailureRecord] = []
        /// A line for the failures journal, for a message whose envelope could be read.
        func journal(_ index: Int, _ outcome: FailureRecord.Outcome, _ reason: String, _ attempt: Int) {
            guard let header = headers[index] else { return }
            failures.append(
                FailureRecord(header: header, messageType: incoming[index].routingKey, outcome: outcome, reason: reason, attempt: attempt))
        }
        for index in batch.indices {
            let (delivery, view) = (batch[index], incoming[index])
            // Built only when a line will be written: setting its metadata costs as much as handling the message.
            var logger: Logger { messageLogger(delivery, view, headers[index]) }
            let debugging = self.logger.logLevel <= .debug
            switch outcomes[index] {
            case .handled(let effects):
                metrics.handled.increment()
                if let rejection = effects.rejection {
                    metrics.rejected.increment()
                    journal(index, .rejected, rejection.reason, view.attempt)
                    logger.info("command rejected", metadata: ["reason": "\(rejection.reason)", "detail": "\(rejection.message)"])
                } else if debugging {
                    logger.debug("handled", metadata: ["published": "\(effects.published.count)"])
                }
            case .duplicate:
                metrics.duplicates.increment()
                if debugging { logger.debug("duplicate delivery ignored") }
            case .failed(let error):
                metrics.failed.increment()
                let (confirm, failure) = try await retryOrPark(delivery, view, error: error, publisher: publisher, logger: logger)
                confirms.append(confirm)
                journal(index, failure.outcome, error, failure.attempt)
            case .dropped:
                metrics.erased.increment()
                logger.notice("dropped a message back from retry that mentions erased data")
            case .park(let reason, let error):
                confirms.append(
                    try await park(
                        delivery, view, reason: reason, error: error, attempts: view.attempt, publisher: publisher, logger: logger
                    ))
                journal(index, .parked, "\(reason.rawValue): \(error)", view.attempt)
            }
        }
        for confirm in confirms { try await confirm.wait() }
        return failures
    }

    /// Where a failed message goes next: the retry queue for its next attempt,
    /// or parking once the retries are used up. `attempt` is clamped by
    /// `incoming(trusting:)`, so adding one cannot overflow.
    static func nextStep(afterFailedAttempt attempt: Int, topology: Topology) -> (route: String?, attempt: Int) {
        let next = attempt + 1
        return (topology.retryRoute(forAttempt: next), next)
    }

    private func retryOrPark(
        _ delivery: AMQPDelivery, _ view: IncomingDelivery, error: String, publisher: AMQPChannel, logger: Logger
    ) async throws -> (PublishConfirm, (outcome: FailureRecord.Outcome, attempt: Int)) {
        let (route, attempt) = Self.nextStep(afterFailedAttempt: view.attempt, topology: service.topology)
        guard let route else {
            let confirm = try await park(
                delivery, view, reason: .handlerFailed, error: error, attempts: attempt, publisher: publisher, logger: logger)
            return (confirm, (.parked, attempt))
        }
        service.metrics.retried.increment()
        logger.warning("handler failed; retrying", metadata: ["attempt": "\(attempt)", "error": "\(error)", "amqp_route": "\(route)"])
        var properties = kernelProperties(delivery, view)
        properties.headers[KernelHeaders.attempt] = .int64(Int64(attempt))
        properties.headers[KernelHeaders.error] = .string(String(error.prefix(1000)))
        let confirm = try await publisher.send(
            delivery.body, exchange: service.topology.kernelExchange, routingKey: route, properties: properties, mandatory: true
        )
        return (confirm, (.retried, attempt))
    }

    /// Parks the message with its reason. A body that was too large to read
    /// is parked as a stub: its properties and the reason, no content.
    private func park(
        _ delivery: AMQPDelivery, _ view: IncomingDelivery, reason: ParkReason, error: String, attempts: Int,
        publisher: AMQPChannel, logger: Logger
    ) async throws -> PublishConfirm {
        service.metrics.parked.increment()
        if view.isTruncated {
            logger.error(
                "message parked as a stub: its body was too large to read and is lost",
                metadata: [
                    "reason": "\(reason.rawValue)", "error": "\(error)",
                ])
        } else {
            logger.error("message parked", metadata: ["reason": "\(reason.rawValue)", "error": "\(error)", "attempts": "\(attempts)"])
        }
        var properties = kernelProperties(delivery, view)
        properties.headers[KernelHeaders.attempt] = .int64(Int64(attempts))
        properties.headers[KernelHeaders.parkReason] = .string(reason.rawValue)
        properties.headers[KernelHeaders.error] = .string(String(error.prefix(1000)))
        properties.headers[KernelHeaders.parkedAt] = .string(MessageCoding.formatTimestamp(service.clock()))
        properties.headers[KernelHeaders.worker] = .string(service.topology.worker)
        return try await publisher.send(
            delivery.body, exchange: service.topology.kernelExchange, routingKey: Topology.parkingRoute,
            properties: properties, mandatory: true
        )
    }

    /// The delivery's properties with where it came from recorded, and the
    /// broker's own bookkeeping headers dropped (they describe the old copy).
    /// Kernel headers a publisher put on a message of the shared exchanges
    /// are dropped too: in the retry and parking queues they would pass for
    /// the kernel's own.
    private func kernelProperties(_ delivery: AMQPDelivery, _ view: IncomingDelivery) -> AMQPProperties {
        var properties = delivery.properties
        if delivery.exchange != service.topology.kernelExchange {
            for (key, _) in properties.headers where key.hasPrefix(KernelHeaders.prefix) { properties.headers[key] = nil }
        }
        properties.persistent = true
        properties.headers[KernelHeaders.routingKey] = .string(view.routingKey)
        properties.headers[KernelHeaders.exchange] = .string(view.exchange)
        properties.headers[KernelHeaders.deliveryCount] = nil
        properties.headers["x-death"] = nil
        properties.headers["x-first-death-exchange"] = nil
        properties.headers["x-first-death-queue"] = nil
        properties.headers["x-first-death-reason"] = nil
        return properties
    }

    /// Metadata from the envelope when it could be read, else from the AMQP
    /// properties when they are UUIDs: a sender's free text is never logged.
    private func messageLogger(_ delivery: AMQPDelivery, _ view: IncomingDelivery, _ header: EnvelopeHeader?) -> Logger {
        var logger = logger
        let messageId = header?.id ?? delivery.properties.messageId.flatMap(Identifier.init)
        let correlationId = header?.correlationId ?? delivery.properties.correlationId.flatMap(Identifier.init)
        logger[metadataKey: "message_id"] = "\(messageId.map(\.description) ?? "-")"
        logger[metadataKey: "correlation_id"] = "\(correlationId.map(\.description) ?? "-")"
        logger[metadataKey: "message_type"] = "\(view.routingKey)"
        if let trace = view.trace {
            logger[metadataKey: "trace_id"] = "\(trace.traceId)"
            if view.traceIsOwnSpan { logger[metadataKey: "span_id"] = "\(trace.spanId)" }
        }
        return logger
    }
}
