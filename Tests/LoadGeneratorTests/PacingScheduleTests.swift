import LoadGenerator
import Testing

@Suite struct PacingScheduleTests {
    @Test func commandsAreDueEvenlyFromTheStart() {
        let schedule = PacingSchedule(rate: 200, duration: .seconds(2))
        #expect(schedule.count == 400)
        #expect(schedule.due(0) == .zero)
        #expect(schedule.due(1) == .milliseconds(5))
        #expect(schedule.due(399) == .milliseconds(1995))
    }

    @Test func aFractionalOfferStillCountsWhole() {
        #expect(PacingSchedule(rate: 0.1, duration: .seconds(30)).count == 3)
        #expect(PacingSchedule(rate: 3, duration: .milliseconds(500)).count == 1)
        #expect(PacingSchedule(rate: 1000, duration: .milliseconds(1)).count == 1)
    }

    @Test func targetsTakeTurns() {
        #expect((0..<7).map { PacingSchedule.target(of: $0, among: 3) } == [0, 1, 2, 0, 1, 2, 0])
        #expect((0..<3).map { PacingSchedule.target(of: $0, among: 1) } == [0, 0, 0])
    }
}
