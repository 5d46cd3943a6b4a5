import ArgumentParser
import Attendees
import Foundation
import Identifiers
import LoadGenerator
import Messaging
import SagaClient

/// `batbern load registrations`: registration opening, the burst the
/// system is built for.
struct LoadRegistrations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registrations",
        abstract: "RegisterAttendee at a fixed rate into events opened for it.",
        discussion: """
            Creates --events events of --capacity seats and opens them for registration (a company, a \
            speaker per event who accepts the keynote, published, registration_open), then sends \
            RegisterAttendee for new people round robin over the events. Follows each saga to \
            RegistrationConfirmed or RegistrationWaitlisted and checks: every command answered once, \
            none refused, per event confirmed = min(capacity, registrations), waitlist positions and \
            seat counts 1…k without gaps or repeats.
            """
    )

    static let register = MessageKey.command("RegisterAttendee", to: "attendees")

    @Option(help: "Events to spread the registrations over (1 is registration opening).")
    var events = 1

    @Option(help: "Seats per event.")
    var capacity = 100

    @OptionGroup var options: LoadOptions

    func validate() throws {
        guard (1...1000).contains(events) else { throw ValidationError("--events is 1 to 1000") }
        guard (1...1_000_000).contains(capacity) else { throw ValidationError("--capacity is 1 to 1000000") }
    }

    func run() async throws {
        try await options.run(routingKeys: ObservedMessage.registrationKeys, drive)
    }

    private func drive(_ bus: SagaBus) async throws -> LoadReport {
        let setup = SagaSetup(bus: bus, answerTimeout: .seconds(options.setupTimeout))
        let capacity = capacity
        progress("setting up \(events) event(s) of \(capacity) seats, open for registration")
        let company = try await setup.company()
        let speakers = try await setup.speakers(events, company: company)
        let opened = try await withThrowingTaskGroup(of: Identifier.self) { group in
            for speaker in speakers {
                group.addTask {
                    let event = try await setup.event(capacity: capacity)
                    try await setup.open(event, speaker: speaker)
                    return event
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }.sorted()
        }
        progress("sending \(options.schedule.count) RegisterAttendee at \(options.rate)/s")
        let tag = setup.tag
        let result = try await options.driver(bus, endsSaga: RegistrationAnalysis.endsSaga).run(start: .now) { index in
            let event = opened[PacingSchedule.target(of: index, among: opened.count)]
            let id = Identifier()
            try await bus.send(
                Self.register,
                RegisterAttendee(
                    eventId: event, email: "person\(index).\(tag)@load.example", firstName: "Load", lastName: "Person \(index)",
                    gdprConsent: true
                ), id: id, aggregateId: event)
            return (id, event)
        }
        let findings = RegistrationAnalysis.findings(
            commands: result.commands, capacities: Dictionary(uniqueKeysWithValues: opened.map { ($0, capacity) }),
            observed: result.observed
        )
        return LoadReport(
            saga: "registrations", schedule: options.schedule, targets: events, capacity: capacity,
            sent: result.commands.count, sendingTook: result.sendingTook, findings: findings
        )
    }
}
