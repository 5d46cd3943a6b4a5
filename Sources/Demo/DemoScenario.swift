import Attendees
import Companies
import Events
public import FlowTrace
import Foundation
import Identifiers
public import Messaging
import Partners
public import Postgres
public import SagaClient
import Speakers

/// `batbern demo`: the three sagas against the running workers, narrated,
/// with the commands an organiser, speakers and attendees send. Ends with
/// the trace of one registration as a Mermaid diagram.
public struct DemoScenario: Sendable {
    /// Pause between steps, so an audience can follow (0 in tests).
    public var pace: Duration
    /// Where the narration goes (standard output for the command).
    public var narrate: @Sendable (String) -> Void
    /// How long each answer may take. Default 30 s.
    public var stepTimeout: Duration = .seconds(30)
    /// The operators' databases of every context, for the closing trace.
    public var traceDatabases: [(context: String, configuration: PostgresConnection.Configuration)]

    public init(
        pace: Duration, traceDatabases: [(context: String, configuration: PostgresConnection.Configuration)],
        narrate: @escaping @Sendable (String) -> Void
    ) {
        self.pace = pace
        self.traceDatabases = traceDatabases
        self.narrate = narrate
    }

    /// What the demo saw, for a test to check.
    public struct Outcome: Sendable {
        public var confirmed: Int = 0
        public var waitlisted: [Int] = []
        public var promoted = false
        public var declined = false
        public var expired = false
        public var analytics: JSONValue?
        public var trace: Timeline?
    }

    public func run(on bus: SagaBus) async throws -> Outcome {
        let steps = DemoSteps(bus: bus, narrate: narrate, pace: pace, timeout: stepTimeout)
        var outcome = Outcome()

        try await steps.chapter("1. Companies and a partnership")
        let acme = try await steps.company("Acme AG", employees: 40)
        let other = try await steps.company("Bärner Bytes GmbH", employees: 12)
        try await steps.partnership(acme, level: "gold")

        try await steps.chapter("2. An event with a keynote and a talk")
        let event = try await steps.event(capacity: 3)
        let keynote = try await steps.session(event, type: "keynote")
        let talk = try await steps.session(event, type: "presentation")

        try await steps.chapter("3. Invitations: an acceptance, a decline, an expiry")
        let ada = try await steps.speaker("Ada", "Lovelace", company: acme)
        let grace = try await steps.speaker("Grace", "Hopper", company: acme)
        let linus = try await steps.speaker("Linus", "Torvalds", company: other)
        try await steps.invite(ada, to: keynote, deadline: nil)
        try await steps.invite(grace, to: talk, deadline: nil)
        try await steps.respond(ada, keynote, "accept", expecting: "speakers.SpeakerConfirmed")
        try await steps.respond(grace, talk, "decline", reason: "Travelling that week", expecting: "speakers.SpeakerDeclined")
        outcome.declined = true
        try await steps.invite(linus, to: talk, deadline: Date().addingTimeInterval(3))
        try await steps.awaitExpiry(linus)
        outcome.expired = true
        let margaret = try await steps.speaker("Margaret", "Hamilton", company: other)
        try await steps.invite(margaret, to: talk, deadline: nil)
        try await steps.respond(margaret, talk, "accept", expecting: "speakers.SpeakerConfirmed")

        try await steps.chapter("4. Every session has its speaker: the agenda is drafted, published, registration opens")
        try await steps.awaitStatus(event, "agenda_draft")
        try await steps.status(event, "published")
        try await steps.status(event, "registration_open")

        try await steps.chapter("5. Five people register for three seats")
        var registrations: [(command: Identifier, registration: Identifier, seat: DemoSteps.Seat)] = []
        for (index, person) in [("Anna", acme), ("Beat", other), ("Chantal", acme), ("Dario", nil), ("Elif", acme)].enumerated() {
            let registered = try await steps.register(event, firstName: person.0, number: index, company: person.1)
            registrations.append((registered.command, registered.registration, registered.outcome))
            switch registered.outcome {
            case .confirmed: outcome.confirmed += 1
            case .waitlisted(let position): outcome.waitlisted.append(position)
            }
        }

        try await steps.chapter("6. A cancellation moves the waitlist")
        guard let next = registrations.first(where: { if case .waitlisted(1) = $0.seat { true } else { false } }) else {
            throw SagaFailed("nobody is first on the waitlist")
        }
        try await steps.cancel(registrations[1].registration, promoting: next.registration)
        outcome.promoted = true

        try await steps.chapter("7. Attendance, and the partner's analytics")
        outcome.analytics = try await steps.attend(registrations[0].registration)

        try await steps.chapter("8. The whole flow of Anna's registration")
        let timeline = try await FlowTracer.timeline(of: registrations[0].command, databases: traceDatabases)
        outcome.trace = timeline
        narrate("```mermaid\n" + MermaidDiagram.render(timeline) + "```")
        narrate("(`batbern trace \(registrations[0].command)` prints it as a table)")
        return outcome
    }
}
