import Identifiers
import LoadGenerator
import Messaging
import SagaClient
import Speakers
import Synchronization

/// Accepts each of the run's invitations the moment its SpeakerInvited
/// arrives, as a speaker would, correlated with the invitation so the whole
/// saga shares one correlation id.
final class InvitationResponder: Sendable {
    private struct State {
        var invitations = Set<Identifier>()
        var answered = Set<Identifier>()
        var responses: [SentCommand] = []
        var failure: (any Error)?
    }

    /// The state, shared with the responding task.
    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    private let shared: Shared
    private let arrivals: AsyncStream<[SagaBus.Message]>.Continuation
    private let responding: Task<Void, Never>

    init(bus: SagaBus, start: ContinuousClock.Instant) {
        let (stream, arrivals) = AsyncStream.makeStream(of: [SagaBus.Message].self)
        self.arrivals = arrivals
        let shared = Shared()
        self.shared = shared
        responding = Task {
            for await batch in stream {
                for message in batch where message.routingKey == "speakers.SpeakerInvited" {
                    guard let invitation = message.envelope.causationId,
                        let speaker = message.envelope.data["speakerId"]?.stringValue.flatMap(Identifier.init),
                        let session = message.envelope.data["sessionId"]?.stringValue.flatMap(Identifier.init),
                        shared.state.withLock({ $0.invitations.contains(invitation) && $0.answered.insert(invitation).inserted })
                    else { continue }
                    let id = Identifier()
                    let at = ContinuousClock.now - start
                    do {
                        try await bus.send(
                            SagaSetup.respond, RespondToInvitation(speakerId: speaker, sessionId: session, response: "accept"),
                            id: id, aggregateId: speaker, correlation: invitation
                        )
                        shared.state.withLock { $0.responses.append(SentCommand(id: id, target: invitation, due: at, sent: at)) }
                    } catch {
                        shared.state.withLock { $0.failure = $0.failure ?? error }
                    }
                }
            }
        }
    }

    /// Call before sending invitation `id`, so its answer is recognised.
    func expect(_ id: Identifier) {
        shared.state.withLock { _ = $0.invitations.insert(id) }
    }

    /// The bus's arrival hook: hands the batch to the responding task.
    func take(_ messages: [SagaBus.Message]) {
        arrivals.yield(messages)
    }

    /// Stops responding and returns the responses sent; throws when one could not be sent.
    func stop() async throws -> [SentCommand] {
        arrivals.finish()
        await responding.value
        return try shared.state.withLock { state in
            if let failure = state.failure { throw failure }
            return state.responses
        }
    }
}
