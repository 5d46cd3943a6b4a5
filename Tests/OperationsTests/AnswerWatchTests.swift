import Foundation
import Identifiers
import Messaging
import Operations
import Testing

/// When `batbern send` stops listening, and what it says: decided from the
/// messages and the times it is given, without a broker or a clock.
@Suite struct AnswerWatchTests {
    let command = Identifier()
    let start = ContinuousClock.now

    func watch(quiet: Duration = .milliseconds(200), wait: Duration = .seconds(10)) -> AnswerWatch {
        var configuration = AnswerWatch.Configuration()
        configuration.quietPeriod = quiet
        configuration.wait = wait
        return AnswerWatch(command: command, correlation: command, configuration: configuration, started: start)
    }

    func header(_ type: String, causation: Identifier?, correlation: Identifier? = nil, id: Identifier = Identifier()) -> EnvelopeHeader {
        EnvelopeHeader(
            id: id, aggregateId: "a", aggregateType: "company", eventType: type, eventVersion: 1, occurredAt: Date(),
            correlationId: correlation ?? command, causationId: causation
        )
    }

    @Test func withoutAnAnswerItWaitsTheWholeWaitAndSaysSo() {
        let watch = watch()
        #expect(watch.deadline == start + .seconds(10))
        #expect(watch.outcome == .noAnswer)
        #expect(watch.outcome.exitStatus == 2)
    }

    @Test func anEventEndsTheWaitAfterTheQuietPeriodWhichEachLaterMessageOfTheFlowRestarts() {
        var watch = watch()
        let belongs1 = watch.observe(header("CompanyCreated", causation: command), data: nil, at: start + .milliseconds(30))
        #expect(belongs1)
        #expect(watch.deadline == start + .milliseconds(230))
        // A consequence of the event (same conversation) keeps it listening.
        let belongs2 = watch.observe(header("PartnershipStarted", causation: Identifier()), data: nil, at: start + .milliseconds(100))
        #expect(belongs2)
        #expect(watch.deadline == start + .milliseconds(300))
        #expect(watch.outcome == .answered(events: 1, followUps: 1))
        #expect(watch.outcome.exitStatus == 0)
    }

    @Test func aRejectionEndsItAtOnceWithItsReason() {
        var watch = watch()
        let data: JSONValue = .object([
            "commandType": .string("CreateCompany"), "reason": .string("invalid_message"), "message": .string("name is missing"),
        ])
        let belongs3 = watch.observe(header("CommandRejected", causation: command), data: data, at: start + .milliseconds(20))
        #expect(belongs3)
        #expect(watch.deadline <= start + .milliseconds(20))
        #expect(watch.outcome == .rejected(reason: "invalid_message", message: "name is missing"))
        #expect(watch.outcome.exitStatus == 1)
    }

    @Test func otherTrafficAndTheCommandItselfAreIgnored() {
        var watch = watch()
        let belongs4 = watch.observe(header("CompanyCreated", causation: Identifier(), correlation: Identifier()), data: nil, at: start)
        #expect(!belongs4)
        let belongs5 = watch.observe(header("CreateCompany", causation: nil, id: command), data: nil, at: start)
        #expect(!belongs5)
        #expect(watch.outcome == .noAnswer && watch.deadline == start + .seconds(10))
    }

    @Test func aFlowThatNeverFallsQuietStillEndsAtTheWait() {
        var watch = watch(quiet: .seconds(1), wait: .seconds(2))
        _ = watch.observe(header("CompanyCreated", causation: command), data: nil, at: start + .milliseconds(1500))
        #expect(watch.deadline == start + .seconds(2))
    }

    @Test func followUpsAloneAreNoAnswer() {
        var watch = watch()
        _ = watch.observe(header("Other", causation: Identifier()), data: nil, at: start + .milliseconds(10))
        #expect(watch.outcome == .noAnswer)
        #expect(watch.deadline == start + .seconds(10))
    }
}
