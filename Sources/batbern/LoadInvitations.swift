import ArgumentParser
import Identifiers
import LoadGenerator
import Messaging
import SagaClient
import Speakers

/// `batbern load invitations`: the speaker invitation saga at a fixed rate.
struct LoadInvitations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invitations",
        abstract: "InviteSpeaker at a fixed rate, each accepted as soon as it is answered.",
        discussion: """
            Creates --events events with one presentation each and registers a speaker for every \
            invitation the run will send, then sends InviteSpeaker round robin over the sessions; each \
            SpeakerInvited is answered at once with RespondToInvitation accept. Checks: every command \
            answered once, every invitation confirmed, none refused.
            """
    )

    @Option(help: "Events (one session each) to spread the invitations over.")
    var events = 1

    @OptionGroup var options: LoadOptions

    func validate() throws {
        guard (1...1000).contains(events) else { throw ValidationError("--events is 1 to 1000") }
        guard options.schedule.count <= 100_000 else {
            throw ValidationError("at most 100000 invitations (--rate × --duration): each needs a speaker of its own")
        }
    }

    func run() async throws {
        try await options.run(routingKeys: ObservedMessage.invitationKeys, drive)
    }

    private func drive(_ bus: SagaBus) async throws -> LoadReport {
        let setup = SagaSetup(bus: bus, answerTimeout: .seconds(options.setupTimeout))
        let count = options.schedule.count
        progress("setting up \(events) session(s) and \(count) speakers")
        let company = try await setup.company()
        let speakers = try await setup.speakers(count + events, company: company)
        let sessions = try await withThrowingTaskGroup(of: Identifier.self) { group in
            for speaker in speakers.suffix(events) {
                group.addTask {
                    let session = try await setup.session(try await setup.event(capacity: 100), type: "presentation")
                    // Once one invitation went through, speakers knows the session.
                    try await setup.invite(speaker, to: session)
                    return session
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }.sorted()
        }
        progress("sending \(count) InviteSpeaker at \(options.rate)/s")
        let start = ContinuousClock.now
        let responder = InvitationResponder(bus: bus, start: start)
        bus.onArrival { responder.take($0) }
        let result = try await options.driver(bus, endsSaga: InvitationAnalysis.endsSaga).run(start: start) { index in
            let session = sessions[PacingSchedule.target(of: index, among: sessions.count)]
            let id = Identifier()
            responder.expect(id)
            try await bus.send(
                SagaSetup.inviteSpeaker, InviteSpeaker(speakerId: speakers[index], sessionId: session, role: "primary_speaker"),
                id: id, aggregateId: speakers[index]
            )
            return (id, session)
        }
        let responses = try await responder.stop()
        let findings = InvitationAnalysis.findings(invitations: result.commands, responses: responses, observed: result.observed)
        return LoadReport(
            saga: "invitations", schedule: options.schedule, targets: events, capacity: nil,
            sent: result.commands.count, sendingTook: result.sendingTook, findings: findings
        )
    }
}
