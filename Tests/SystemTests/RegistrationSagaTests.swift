import Attendees
import Companies
import Events
import Foundation
import Identifiers
import Messaging
import Partners
import Postgres
import TestSupport
import Testing
import WorkerHost

/// The registration saga end to end: the real attendees and events workers
/// (and companies and partners for the analytics), RabbitMQ and PostgreSQL.
@Suite struct RegistrationSagaTests {
    /// 500 people at once for 100 seats, then 10 cancellations one by one
    /// and 10 at once: the seats and the FIFO waitlist stay exact throughout.
    @Test func fiveHundredForAHundredSeatsThenCancellationsMoveTheWaitlist() async throws {
        let system = try await SystemFixture.start([.events, .attendees]) { $0.consumer.concurrency = 3 }
        let saga = RegistrationSaga(system)
        let event = try await saga.openEvent(capacity: 100)

        // 1. 500 RegisterAttendee for 500 different people, sent at once.
        let started = ContinuousClock.now
        for i in 0..<500 {
            try await system.send(
                RegistrationSaga.register,
                RegisterAttendee(
                    eventId: event, email: "person\(i).\(system.suffix)@example.ch", firstName: "Person", lastName: "No \(i)",
                    gdprConsent: true
                ))
        }
        let sent = ContinuousClock.now - started
        try await eventually("500 registrations settled", timeout: .seconds(180), every: .milliseconds(250)) {
            try await system.count(
                .attendees,
                """
                SELECT count(*) FROM event_registrations WHERE event_id = $1 AND status IN ('confirmed', 'waitlisted')
                """, [event]) == 500
        }
        let settled = ContinuousClock.now - started
        try await eventually("100 confirmations and 400 waitlistings published", timeout: .seconds(60), every: .milliseconds(250)) {
            system.events.messages("attendees.RegistrationConfirmed").count >= 100
                && system.events.messages("attendees.RegistrationWaitlisted").count >= 400
        }
        let seconds = Double(settled.components.seconds) + Double(settled.components.attoseconds) / 1e18
        print("RegistrationSagaTests: 500 registrations sent in \(sent), settled in \(settled): \(Int(500 / seconds)) registrations/s")

        let confirmed = try await saga.registrations(event, status: "confirmed")
        let waitlist = try await saga.waitlist(event)
        #expect(confirmed.count == 100)
        #expect(waitlist.map(\.position) == Array(1...400))
        #expect(try await saga.attendeeCount(event) == 100)
        #expect(try await saga.seatsHeld(event) == Set(confirmed))
        // What the bus said matches the tables: one answer per registration,
        // every position once.
        let confirmations = system.seen("attendees.RegistrationConfirmed", Attendees.RegistrationConfirmed.self)
        let waitlistings = system.seen("attendees.RegistrationWaitlisted", Attendees.RegistrationWaitlisted.self)
        #expect(Set(confirmations.map(\.registrationId)) == Set(confirmed))
        #expect(confirmations.count == 100)
        #expect(waitlistings.map(\.position).sorted() == Array(1...400))
        #expect(
            Dictionary(waitlistings.map { ($0.registrationId, $0.position) }, uniquingKeysWith: min)
                == Dictionary(waitlist.map { ($0.id, $0.position) }, uniquingKeysWith: min))
        let reserved = system.seen("events.SeatReserved", Events.SeatReserved.self)
        #expect(reserved.count == 100)
        #expect(reserved.map(\.currentAttendeeCount).sorted() == Array(1...100))
        #expect(system.seen("events.SeatRejected", Events.SeatRejected.self).allSatisfy { $0.reason == "event_full" })

        // 2. Cancel 10 confirmed, one after the other: positions 1..10 get the
        //    freed seats, in that order, and no one else.
        let queue = waitlist.map(\.id)
        for k in 0..<10 {
            let answer = try await system.command(RegistrationSaga.cancel, CancelRegistration(registrationId: confirmed[k]))
            #expect(answer.map(\.routingKey) == ["attendees.RegistrationCancelled"])
            #expect(answer.first?.data["heldSeat"] == .bool(true))
            try await eventually("position \(k + 1) confirmed") {
                system.seen("attendees.RegistrationConfirmed", Attendees.RegistrationConfirmed.self)
                    .contains { $0.registrationId == queue[k] }
            }
            let promoted = Set(
                system.seen("attendees.RegistrationConfirmed", Attendees.RegistrationConfirmed.self)
                    .map(\.registrationId)
            ).intersection(queue)
            #expect(promoted == Set(queue[0...k]), "after cancellation \(k + 1)")
        }
        #expect(try await saga.attendeeCount(event) == 100)
        var nowConfirmed = try await saga.registrations(event, status: "confirmed")
        #expect(try await saga.seatsHeld(event) == Set(nowConfirmed))
        #expect(Set(nowConfirmed) == Set(confirmed[10...]).union(queue[0..<10]))
        // The rest of the queue moved up, in the same order.
        #expect(try await saga.waitlist(event).map(\.id) == Array(queue[10...]))
        #expect(try await saga.waitlist(event).map(\.position) == Array(1...390))

        // And 10 at once: the next 10 in the queue, whatever order they land in.
        for registration in confirmed[10..<20] {
            try await system.send(RegistrationSaga.cancel, CancelRegistration(registrationId: registration))
        }
        try await eventually("the next 10 in the queue confirmed") {
            Set(system.seen("attendees.RegistrationConfirmed", Attendees.RegistrationConfirmed.self).map(\.registrationId))
                .isSuperset(of: queue[10..<20])
        }
        try await eventually("the queue closed up") { try await saga.waitlist(event).map(\.id) == Array(queue[20...]) }
        #expect(try await saga.waitlist(event).map(\.position) == Array(1...380))
        #expect(try await saga.attendeeCount(event) == 100)
        nowConfirmed = try await saga.registrations(event, status: "confirmed")
        #expect(Set(nowConfirmed) == Set(confirmed[20...]).union(queue[0..<20]))
        #expect(try await saga.seatsHeld(event) == Set(nowConfirmed))
        #expect(system.seen("attendees.RegistrationConfirmed", Attendees.RegistrationConfirmed.self).count == 120)
        // Each freed seat was asked for once, by the one whose turn it was:
        // the promoted asked twice (joining, then for the seat), the rest once.
        var asked: [Identifier: Int] = [:]
        for request in system.seen("attendees.RegistrationRequested", Attendees.RegistrationRequested.self) {
            asked[request.registrationId, default: 0] += 1
        }
        #expect(queue[0..<20].filter { asked[$0] != 2 } == [])
        #expect(queue[20...].filter { asked[$0] != 1 } == [])
        #expect(system.seen("events.SeatReleased", Events.SeatReleased.self).count == 20)
        #expect(system.seen("events.SeatReserved", Events.SeatReserved.self).map(\.currentAttendeeCount).max() == 100)

        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }

    /// Cancellations racing registrations and seat answers, with competing
    /// lanes: once everything is consumed, no seat is free while someone
    /// waits, and the count, the seats and the confirmations agree.
    @Test func cancellationsRacingRegistrationsLeaveNoSeatFreeWhileSomeoneWaits() async throws {
        let system = try await SystemFixture.start([.events, .attendees]) { $0.consumer.concurrency = 3 }
        let saga = RegistrationSaga(system)
        let capacity = 20
        let event = try await saga.openEvent(capacity: capacity)
        var early = Set<Identifier>()
        for i in 0..<150 {
            let id = try await system.send(
                RegistrationSaga.register,
                RegisterAttendee(
                    eventId: event, email: "racer\(i).\(system.suffix)@example.ch", firstName: "Racer", lastName: "No \(i)",
                    gdprConsent: true
                ))
            if i % 10 == 5 { early.insert(id) }
        }
        // Every tenth is cancelled the moment it exists, before its seat
        // answer; the first 40 confirmed are cancelled the moment they are
        // confirmed, the promoted among them too: seats come free while the
        // event is full, the queue forms and freed seats are being asked for.
        var cancelled: [Identifier] = []
        var confirmedCancels = 0
        try await eventually("55 registrations cancelled", timeout: .seconds(60), every: .milliseconds(10)) {
            for request in system.headers("attendees.RegistrationRequested") {
                guard let cause = request.causationId, early.remove(cause) != nil,
                    let registration = request.data["registrationId"]?.stringValue.flatMap({ Identifier($0) })
                else { continue }
                try await system.send(RegistrationSaga.cancel, CancelRegistration(registrationId: registration))
                cancelled.append(registration)
            }
            for confirmation in system.seen("attendees.RegistrationConfirmed", Attendees.RegistrationConfirmed.self)
            where confirmedCancels < 40 && !cancelled.contains(confirmation.registrationId) {
                try await system.send(RegistrationSaga.cancel, CancelRegistration(registrationId: confirmation.registrationId))
                cancelled.append(confirmation.registrationId)
                confirmedCancels += 1
            }
            return early.isEmpty && confirmedCancels == 40
        }
        try await saga.quiescent()

        let confirmed = try await saga.registrations(event, status: "confirmed")
        let waitlist = try await saga.waitlist(event)
        let count = try await saga.attendeeCount(event)
        #expect(try await saga.registrations(event, status: "cancelled").count == 55)
        #expect(Set(try await saga.registrations(event, status: "cancelled")) == Set(cancelled))
        #expect(confirmed.count + waitlist.count == 95)
        #expect(count == confirmed.count)
        #expect(try await saga.seatsHeld(event) == Set(confirmed))
        #expect(waitlist.map(\.position) == (0..<waitlist.count).map { $0 + 1 })
        #expect(waitlist.isEmpty || count == capacity, "\(waitlist.count) waiting while \(capacity - count) seats are free")
        #expect(Set(cancelled).isDisjoint(with: try await saga.seatsHeld(event)))

        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }

    /// events refuses B (full) and then frees A's seat; attendees, with
    /// competing lanes, may take the release before the refusal. B must get
    /// the seat either way. Ten events of one seat each, so that some pairs
    /// are taken in the unlucky order.
    @Test func aSeatFreedBeforeTheRefusalArrivesStillGoesToTheWaitlist() async throws {
        let system = try await SystemFixture.start([.events, .attendees]) {
            // events answers in order; attendees takes each message alone,
            // spread over three lanes, so neighbours race.
            if $0.database.applicationName == "test-attendees" {
                $0.consumer.concurrency = 3
                $0.consumer.batchSize = 1
            } else {
                $0.consumer.concurrency = 1
            }
        }
        let saga = RegistrationSaga(system)
        var pairs: [(event: Identifier, a: Registered, b: Registered)] = []
        for i in 0..<10 {
            let event = try await saga.openEvent(capacity: 1)
            let a = try await saga.register(event, "a\(i).\(system.suffix)@example.ch")
            #expect(try await saga.outcome(a.registrationId).routingKey == "attendees.RegistrationConfirmed")
            pairs.append((event, a, a))
        }
        // With events stopped, B's seat request and A's cancellation queue up
        // there, in that order.
        try await system.stop(.events)
        for i in pairs.indices {
            pairs[i].b = try await saga.register(pairs[i].event, "b\(i).\(system.suffix)@example.ch")
            try await system.command(RegistrationSaga.cancel, CancelRegistration(registrationId: pairs[i].a.registrationId))
        }
        // events refuses each B and then frees each A's seat, back to back;
        // attendees' idle lanes take neighbouring messages side by side.
        try await system.start(.events)
        try await saga.quiescent()

        var stranded: [Int] = []
        for (i, pair) in pairs.enumerated() {
            let count = try await saga.attendeeCount(pair.event)
            let waiting = try await saga.waitlist(pair.event)
            if !waiting.isEmpty && count < 1 { stranded.append(i) }
            #expect(try await saga.seatsHeld(pair.event) == Set(try await saga.registrations(pair.event, status: "confirmed")))
        }
        #expect(stranded == [], "B waits while the seat is free")
        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }

    /// Closed, not yet open, past the deadline or unknown: rejected with the
    /// reason. A second registration of the same person keeps one row.
    @Test func refusalsCarryTheirReasonAndADuplicateKeepsOneRow() async throws {
        let system = try await SystemFixture.start([.events, .attendees])
        let saga = RegistrationSaga(system)
        let planning = try await saga.createEvent(capacity: 5)
        let late = try await saga.openEvent(capacity: 5, deadline: Date().addingTimeInterval(-60))
        let open = try await saga.openEvent(capacity: 5)

        let notYet = try await saga.register(planning, "early.\(system.suffix)@example.ch")
        #expect(try await saga.outcome(notYet.registrationId).rejection == "registration_closed")
        let tooLate = try await saga.register(late, "late.\(system.suffix)@example.ch")
        #expect(try await saga.outcome(tooLate.registrationId).rejection == "deadline_passed")
        let nowhere = try await saga.register(Identifier(), "lost.\(system.suffix)@example.ch")
        #expect(try await saga.outcome(nowhere.registrationId).rejection == "unknown_event")
        #expect(try await saga.attendeeCount(planning) == 0)
        #expect(try await saga.attendeeCount(late) == 0)

        // The same person again, other case: the answer is the registration
        // as it stands; no new attendee, no new row, no second seat.
        let dora = try await saga.register(open, "dora.\(system.suffix)@example.ch")
        #expect(try await saga.outcome(dora.registrationId).routingKey == "attendees.RegistrationConfirmed")
        let again = try await saga.register(open, "DORA.\(system.suffix)@Example.CH")
        #expect(again.registrationId == dora.registrationId)
        #expect(again.attendeeId == dora.attendeeId)
        #expect(again.answers.map(\.routingKey) == ["attendees.RegistrationConfirmed"])

        // Three copies at once from a client that retries too eagerly.
        let eve = "eve.\(system.suffix)@example.ch"
        var ids: [Identifier] = []
        for _ in 0..<3 {
            ids.append(
                try await system.send(
                    RegistrationSaga.register,
                    RegisterAttendee(
                        eventId: open, email: eve, firstName: "Eve", lastName: "Retry", gdprConsent: true
                    )))
        }
        var answered: Set<Identifier> = []
        for id in ids {
            let answers = try await saga.registrationAnswers(to: id)
            answered.formUnion(answers.compactMap { $0.uuid("registrationId") })
        }
        #expect(answered.count == 1)
        let eveRegistration = try #require(answered.first)
        #expect(try await saga.outcome(eveRegistration).routingKey == "attendees.RegistrationConfirmed")
        #expect(system.published("attendees.AttendeeRegistered").filter { $0.string("email") == eve }.count == 1)
        #expect(
            try await system.count(
                .attendees, "SELECT count(*) FROM attendees WHERE lower(email) IN ($1, $2)",
                ["dora.\(system.suffix)@example.ch", eve]) == 2)
        #expect(try await system.count(.attendees, "SELECT count(*) FROM event_registrations WHERE event_id = $1", [open]) == 2)
        #expect(try await saga.attendeeCount(open) == 2)
        #expect(try await saga.seatsHeld(open) == [dora.registrationId, eveRegistration])

        // A refusal is not final: once the event opens, the same row gets a seat.
        try await saga.open(planning)
        let retried = try await saga.register(planning, "early.\(system.suffix)@example.ch")
        #expect(retried.registrationId == notYet.registrationId)
        try await eventually("the early registration confirmed") {
            system.published("attendees.RegistrationConfirmed").contains { $0.uuid("registrationId") == notYet.registrationId }
        }
        #expect(try await system.count(.attendees, "SELECT count(*) FROM event_registrations WHERE event_id = $1", [planning]) == 1)
        #expect(try await saga.seatsHeld(planning) == [notYet.registrationId])

        // Registration closed again: the next one is refused with that reason.
        try await saga.changeStatus(open, to: "registration_closed")
        let closed = try await saga.register(open, "frank.\(system.suffix)@example.ch")
        #expect(try await saga.outcome(closed.registrationId).rejection == "registration_closed")
        #expect(try await saga.attendeeCount(open) == 2)

        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }

    /// Employees of a partner company attend two events; partners ends with
    /// the figures of docs/analytics.md for them, and only for them.
    @Test func attendanceOfAPartnersEmployeesEndsInItsAnalytics() async throws {
        let system = try await SystemFixture.start([.companies, .partners, .events, .attendees])
        let saga = RegistrationSaga(system)
        let acme = try await saga.createCompany("Acme \(system.suffix)", employees: 40)
        let other = try await saga.createCompany("Other \(system.suffix)", employees: 10)
        let partner = try await saga.startPartnership(acme, level: "gold")
        let first = try await saga.openEvent(capacity: 10)
        let second = try await saga.openEvent(capacity: 10)

        func confirmed(_ event: Identifier, _ name: String, _ company: Identifier?) async throws -> Registered {
            let registered = try await saga.register(event, "\(name).\(system.suffix)@example.ch", companyId: company)
            #expect(try await saga.outcome(registered.registrationId).routingKey == "attendees.RegistrationConfirmed")
            return registered
        }
        let anna1 = try await confirmed(first, "anna", acme)
        let anna2 = try await confirmed(second, "anna", acme)
        let ben1 = try await confirmed(first, "ben", acme)
        let carla1 = try await confirmed(first, "carla", other)
        let dan1 = try await confirmed(first, "dan", nil)
        var facts: [Identifier] = []
        for registration in [anna1, anna2, ben1, carla1, dan1, anna1] {
            let answer = try await system.command(RegistrationSaga.attend, RecordAttendance(registrationId: registration.registrationId))
            #expect(answer.map(\.routingKey) == ["attendees.AttendanceRecorded"])
            facts += answer.map(\.header.id)
        }
        let keynote = try await saga.keynote(of: first)
        for (who, type, value) in [(anna1, "rating", 4.0), (ben1, "view", nil), (carla1, "rating", 5.0)] as [(Registered, String, Double?)] {
            let answer = try await system.command(
                RegistrationSaga.engage,
                RecordContentEngagement(
                    attendeeId: who.attendeeId, contentType: "session", contentId: keynote, engagementType: type, engagementValue: value
                ))
            #expect(answer.map(\.routingKey) == ["attendees.ContentEngaged"])
            facts += answer.map(\.header.id)
        }
        // partners has taken in every fact (its inbox has them all).
        let factIds = facts.map { $0.description }
        try await eventually("partners handled every fact") {
            try await system.count(
                .partners, "SELECT count(DISTINCT message_id) FROM inbox WHERE message_id::text = ANY($1)",
                [factIds]) == facts.count
        }

        // Acme: A = 3 attendances (anna twice, ben once; the repeat counts
        // once), V = 2 events, G = 2 engagements, N = 40, gold's fee CHF 10'000
        // (10 fee units); no strategic input, so no topic influence.
        let expected: [Identifier?: Partners.PartnerAnalyticsRecalculated] = [
            nil: .init(
                partnerId: partner, eventId: nil, totalEmployeeAttendance: 3, averageAttendancePerEvent: 1.5,
                contentEngagementScore: 13.33, brandExposureScore: 7.5, roiScore: 0.5, topicInfluenceScore: 0),
            first: .init(
                partnerId: partner, eventId: first, totalEmployeeAttendance: 2, averageAttendancePerEvent: 2,
                contentEngagementScore: 0, brandExposureScore: 5, roiScore: 0.2, topicInfluenceScore: 0),
            second: .init(
                partnerId: partner, eventId: second, totalEmployeeAttendance: 1, averageAttendancePerEvent: 1,
                contentEngagementScore: 0, brandExposureScore: 2.5, roiScore: 0.1, topicInfluenceScore: 0),
        ]
        func latest() -> [Identifier?: Partners.PartnerAnalyticsRecalculated] {
            var rows: [Identifier?: Partners.PartnerAnalyticsRecalculated] = [:]
            for row in system.seen("partners.PartnerAnalyticsRecalculated", Partners.PartnerAnalyticsRecalculated.self) {
                rows[row.eventId] = row
            }
            return rows
        }
        do {
            try await eventually("Acme's three rows published") { latest() == expected }
        } catch {
            Issue.record("last published rows: \(latest())")
            throw error
        }
        // Only Acme's partner has rows; the cross-event row is the sum of the event rows.
        #expect(
            system.seen("partners.PartnerAnalyticsRecalculated", Partners.PartnerAnalyticsRecalculated.self)
                .allSatisfy { $0.partnerId == partner })
        let stored = try await system.query(
            .partners,
            """
            SELECT event_id, total_employee_attendance, average_attendance_per_event::text, content_engagement_score::text,
                   brand_exposure_score::text, roi_score::text, topic_influence_score::text
            FROM partner_analytics WHERE partner_id = $1 ORDER BY event_id NULLS FIRST
            """, [partner])
        let rows = try stored.map { row -> [String] in
            [
                try row.decode(Identifier?.self, at: 0).map { $0.description } ?? "all",
                String(try row.decode(Int.self, at: 1)),
            ] + (try (2...6).map { try row.decode(String.self, at: $0) })
        }
        let byEvent = Dictionary(uniqueKeysWithValues: rows.map { ($0[0], Array($0[1...])) })
        #expect(byEvent["all"] == ["3", "1.50", "13.33", "7.50", "0.50", "0.00"])
        #expect(byEvent[first.description] == ["2", "2.00", "0.00", "5.00", "0.20", "0.00"])
        #expect(byEvent[second.description] == ["1", "1.00", "0.00", "2.50", "0.10", "0.00"])
        #expect(rows.count == 3)
        // Recomputing from everything stored changes nothing.
        let rebuilt = try await system.command(RegistrationSaga.recalculate, RecalculatePartnerAnalytics(partnerId: partner))
        #expect(rebuilt.map(\.routingKey) == ["partners.PartnerAnalyticsRebuilt"])
        #expect(rebuilt.first?.data["rowsChanged"] == .number(0))

        // Ben is erased: partners keeps his attendance for Acme without him,
        // and Acme's figures stay as they are.
        let published = system.published("partners.PartnerAnalyticsRecalculated").count
        let erased = try await system.command(RegistrationSaga.erase, EraseAttendee(attendeeId: ben1.attendeeId))
        #expect(erased.map(\.routingKey) == ["attendees.AttendeeErased"], "an attended registration stays as a fact")
        let erasure = try #require(erased.first).header.id.description
        try await eventually("partners handled the erasure") {
            try await system.count(.partners, "SELECT count(*) FROM inbox WHERE message_id::text = $1", [erasure]) > 0
        }
        #expect(try await system.count(.partners, "SELECT count(*) FROM attendance_facts WHERE attendee_id = $1", [ben1.attendeeId]) == 0)
        #expect(
            try await system.count(
                .partners,
                "SELECT count(*) FROM attendance_facts WHERE registration_id = $1 AND attendee_id IS NULL AND company_id = $2",
                [ben1.registrationId, acme]) == 1)
        #expect(
            try await system.count(
                .partners,
                "SELECT count(*) FROM attendees WHERE attendee_id = $1 AND erased AND company_id IS NULL", [ben1.attendeeId]) == 1)
        let after = try await system.command(RegistrationSaga.recalculate, RecalculatePartnerAnalytics(partnerId: partner))
        #expect(after.first?.data["rowsChanged"] == .number(0))
        #expect(system.published("partners.PartnerAnalyticsRecalculated").count == published)

        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }

    /// Erasing an attendee who holds the last seat: the seat goes to the
    /// first in the queue, and nothing about the person stays in attendees.
    @Test func erasureFreesTheSeatForTheWaitlistAndLeavesNothingPersonal() async throws {
        let system = try await SystemFixture.start([.events, .attendees]) { $0.erasure.margin = .seconds(1) }
        let saga = RegistrationSaga(system)
        let event = try await saga.openEvent(capacity: 2)
        let company = Identifier()
        let personal = [
            "zelda.\(system.suffix)@example.ch", "Zelda\(system.suffix)", "Erasable\(system.suffix)",
            "Chief Forgetting Officer \(system.suffix)", "vegan, seat near door \(system.suffix)",
            "Forgets for a living \(system.suffix)", "zelda.new.\(system.suffix)@example.ch",
        ]
        let zelda = try await saga.register(
            event, personal[0], firstName: personal[1], lastName: personal[2], companyId: company, position: personal[3],
            specialRequests: personal[4]
        )
        #expect(try await saga.outcome(zelda.registrationId).routingKey == "attendees.RegistrationConfirmed")
        // Her profile, in the table and in the outbox (AttendeeProfileUpdated, AttendeeProfileReported).
        let profile = try await system.command(
            RegistrationSaga.updateProfile,
            UpdateAttendeeProfile(
                attendeeId: zelda.attendeeId, email: .set(personal[6]), profile: ProfilePatch(bio: .set(personal[5]), interests: .set(["Erasure"]))))
        #expect(profile.map(\.routingKey) == ["attendees.AttendeeProfileUpdated"])
        let report = try await system.command(RegistrationSaga.getProfile, GetAttendeeProfile(attendeeId: zelda.attendeeId))
        #expect(report.first?.string("email") == personal[6])
        let yann = try await saga.register(event, "yann.\(system.suffix)@example.ch")
        #expect(try await saga.outcome(yann.registrationId).routingKey == "attendees.RegistrationConfirmed")
        let xena = try await saga.register(event, "xena.\(system.suffix)@example.ch")
        #expect(try await saga.outcome(xena.registrationId).data["position"] == .number(1))
        let will = try await saga.register(event, "will.\(system.suffix)@example.ch")
        #expect(try await saga.outcome(will.registrationId).data["position"] == .number(2))
        // Zelda engaged with content too: the fact stays, anonymous.
        let engaged = try await system.command(
            RegistrationSaga.engage,
            RecordContentEngagement(
                attendeeId: zelda.attendeeId, contentType: "session", contentId: try await saga.keynote(of: event), engagementType: "rating",
                engagementValue: 5
            ))
        #expect(engaged.map(\.routingKey) == ["attendees.ContentEngaged"])

        let erased = try await system.command(RegistrationSaga.erase, EraseAttendee(attendeeId: zelda.attendeeId), expecting: 2)
        #expect(Set(erased.map(\.routingKey)) == ["attendees.RegistrationCancelled", "attendees.AttendeeErased"])
        #expect(erased.first { $0.routingKey == "attendees.RegistrationCancelled" }?.data["heldSeat"] == .bool(true))
        try await eventually("the first in the queue confirmed") {
            system.published("attendees.RegistrationConfirmed").contains { $0.uuid("registrationId") == xena.registrationId }
        }
        #expect(try await saga.attendeeCount(event) == 2)
        #expect(try await saga.seatsHeld(event) == [yann.registrationId, xena.registrationId])
        #expect(try await saga.waitlist(event).map(\.id) == [will.registrationId])
        #expect(try await saga.waitlist(event).map(\.position) == [1])

        // Erasing again answers and changes nothing.
        let again = try await system.command(RegistrationSaga.erase, EraseAttendee(attendeeId: zelda.attendeeId))
        #expect(again.map(\.routingKey) == ["attendees.AttendeeErased"])
        #expect(system.published("events.SeatReleased").count == 1)

        // The erasure request keeps her id and email until its window (here
        // the longest retry delay and 1 s) has passed, then they go too.
        try await eventually("the erasure request deleted after its window") {
            try await system.count(.attendees, "SELECT count(*) FROM erasure_requests") == 0
        }
        // Nothing personal in any table of the attendees schema (kernel tables included).
        let tables = try await system.query(
            .attendees,
            """
            SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
            """
        ).map { try $0.decode(String.self, at: 0) }
        #expect(tables.contains("outbox") && tables.contains("attendees"))
        for table in tables {
            for needle in personal {
                let hits = try await system.count(
                    .attendees,
                    "SELECT count(*) FROM \"\(table)\" t WHERE strpos(lower(t::text), lower($1)) > 0", [needle])
                #expect(hits == 0, "\(table) still holds \(needle)")
            }
        }
        // The company is gone from the profile; only the facts published for
        // partner analytics (her ContentEngaged) still name it, as partners'
        // copies of those facts do (docs/analytics.md, erasure).
        for table in tables {
            let facts = table == "outbox" ? " AND routing_key NOT IN ('attendees.ContentEngaged', 'attendees.AttendanceRecorded')" : ""
            let hits = try await system.count(
                .attendees,
                "SELECT count(*) FROM \"\(table)\" t WHERE strpos(lower(t::text), $1) > 0" + facts, [company.description])
            #expect(hits == 0, "\(table) still holds the company")
        }
        let row = try #require(
            try await system.query(
                .attendees,
                "SELECT erased_at IS NOT NULL, email IS NULL, gdpr_consent_given FROM attendees WHERE id = $1", [zelda.attendeeId]
            ).first)
        #expect(try row.decode(Bool.self, at: 0))
        #expect(try row.decode(Bool.self, at: 1))
        #expect(try !row.decode(Bool.self, at: 2))
        #expect(try await system.count(.attendees, "SELECT count(*) FROM content_engagement WHERE attendee_id = $1", [zelda.attendeeId]) == 1)

        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }
}

/// A registration as its RegisterAttendee was answered.
struct Registered: Sendable {
    var registrationId: Identifier
    var attendeeId: Identifier
    /// Every event the command caused.
    var answers: [PublishedEvent]
}

extension PublishedEvent {
    /// The reason of a RegistrationRejected, nil for any other answer.
    var rejection: String? { routingKey == "attendees.RegistrationRejected" ? string("reason") : nil }
}

extension SystemFixture {
    /// The data of the events seen under `routingKey`, decoded. Filters by
    /// routing key before decoding, so polling it stays cheap on a busy bus.
    func seen<P: Codable & Sendable>(_ routingKey: String, _ type: P.Type) -> [P] {
        events.messages(routingKey).compactMap { try? MessageCoding.decode(Envelope<P>.self, from: $0.body).data }
    }
}

extension SystemFixture {
    /// Header and data of the events seen under `routingKey`.
    func headers(_ routingKey: String) -> [Envelope<JSONValue>] {
        events.messages(routingKey).compactMap { try? MessageCoding.decode(Envelope<JSONValue>.self, from: $0.body) }
    }
}

/// The commands and look-ups the tests share.
struct RegistrationSaga {
    static let register = MessageKey.command("RegisterAttendee", to: "attendees")
    static let cancel = MessageKey.command("CancelRegistration", to: "attendees")
    static let attend = MessageKey.command("RecordAttendance", to: "attendees")
    static let engage = MessageKey.command("RecordContentEngagement", to: "attendees")
    static let erase = MessageKey.command("EraseAttendee", to: "attendees")
    static let updateProfile = MessageKey.command("UpdateAttendeeProfile", to: "attendees")
    static let getProfile = MessageKey.command("GetAttendeeProfile", to: "attendees")
    static let createEvent = MessageKey.command("CreateEvent", to: "events")
    static let changeStatus = MessageKey.command("ChangeEventStatus", to: "events")
    static let scheduleSession = MessageKey.command("ScheduleSession", to: "events")
    static let speakerConfirmed = MessageKey.event("SpeakerConfirmed", from: "speakers")
    static let createCompany = MessageKey.command("CreateCompany", to: "companies")
    static let startPartnership = MessageKey.command("StartPartnership", to: "partners")
    static let recalculate = MessageKey.command("RecalculatePartnerAnalytics", to: "partners")

    let system: SystemFixture
    init(_ system: SystemFixture) { self.system = system }

    // MARK: events

    /// A new event in `planning`.
    func createEvent(capacity: Int, deadline: Date = Date().addingTimeInterval(20 * 86_400)) async throws -> Identifier {
        let date = Date().addingTimeInterval(30 * 86_400)
        let answer = try await system.command(
            Self.createEvent,
            CreateEvent(
                eventNumber: Int.random(in: 1...Int(Int32.max)), title: "BATbern \(system.suffix)", eventDate: date,
                registrationDeadline: deadline, venueName: "Kursaal Bern", venueAddress: "Kornhausstrasse 3, 3013 Bern",
                venueCapacity: capacity, organizerId: Identifier()
            ))
        let created = try #require(answer.first { $0.routingKey == "events.EventCreated" }, "\(answer.map(\.data))")
        return try #require(created.uuid("eventId"))
    }

    /// A new event, taken to `registration_open` the way organisers do.
    func openEvent(capacity: Int, deadline: Date = Date().addingTimeInterval(20 * 86_400)) async throws -> Identifier {
        let event = try await createEvent(capacity: capacity, deadline: deadline)
        try await open(event)
        return event
    }

    /// planning → speakers_invited → (a keynote with a confirmed speaker) →
    /// agenda_draft → published → registration_open. The speakers worker is
    /// not running: its SpeakerConfirmed is sent as speakers would send it.
    func open(_ event: Identifier) async throws {
        try await changeStatus(event, to: "speakers_invited")
        let start = Date().addingTimeInterval(30 * 86_400)
        let scheduled = try await system.command(
            Self.scheduleSession,
            ScheduleSession(
                eventId: event, title: "Keynote", sessionType: "keynote", startTime: start, endTime: start.addingTimeInterval(3600)
            ))
        let session = try #require(scheduled.first?.uuid("sessionId"), "\(scheduled.map(\.data))")
        try await system.client.send(
            Self.speakerConfirmed,
            data: SpeakerConfirmedStandIn(
                speakerId: Identifier(), sessionId: session, eventId: event, role: "primary_speaker", confirmedAt: Date()
            ), aggregateId: session.description)
        try await system.wait(for: "events.EventStatusChanged", timeout: .seconds(30)) {
            $0.uuid("eventId") == event && $0.string("to") == "agenda_draft"
        }
        try await changeStatus(event, to: "published")
        try await changeStatus(event, to: "registration_open")
    }

    /// The keynote `open` scheduled, once attendees' copy of events' sessions has it.
    func keynote(of event: Identifier) async throws -> Identifier {
        var found: Identifier?
        try await eventually("attendees knows the keynote of \(event)") {
            found = try await system.query(.attendees, "SELECT session_id FROM session_copies WHERE event_id = $1", [event]).first?
                .decode(Identifier.self, at: 0)
            return found != nil
        }
        return try #require(found)
    }

    func changeStatus(_ event: Identifier, to status: String) async throws {
        let answer = try await system.command(Self.changeStatus, ChangeEventStatus(eventId: event, status: status))
        #expect(answer.first?.string("to") == status, "\(answer.map(\.data))")
    }

    // MARK: registrations

    func register(
        _ event: Identifier, _ email: String, firstName: String = "Test", lastName: String = "Person", companyId: Identifier? = nil,
        position: String? = nil, specialRequests: String? = nil
    ) async throws -> Registered {
        let id = try await system.send(
            Self.register,
            RegisterAttendee(
                eventId: event, email: email, firstName: firstName, lastName: lastName, companyId: companyId,
                position: position, gdprConsent: true, specialRequests: specialRequests
            ))
        let answers = try await registrationAnswers(to: id)
        let answer = try #require(answers.first { $0.uuid("registrationId") != nil }, "\(answers.map(\.data))")
        return Registered(
            registrationId: try #require(answer.uuid("registrationId")), attendeeId: try #require(answer.uuid("attendeeId")),
            answers: answers
        )
    }

    /// The answer to a RegisterAttendee, once the one naming the
    /// registration (or a rejection) is in.
    func registrationAnswers(to command: Identifier) async throws -> [PublishedEvent] {
        try await eventually("the answer to \(command)") {
            system.caused(by: command).contains { $0.uuid("registrationId") != nil || $0.routingKey.hasSuffix(".CommandRejected") }
        }
        return system.caused(by: command)
    }

    /// Where the seat saga left a registration: confirmed, waitlisted or rejected.
    func outcome(_ registration: Identifier) async throws -> PublishedEvent {
        let outcomes: Set<String> = [
            "attendees.RegistrationConfirmed", "attendees.RegistrationWaitlisted", "attendees.RegistrationRejected",
        ]
        var found: PublishedEvent?
        try await eventually("the outcome of \(registration)") {
            found = system.published.first { outcomes.contains($0.routingKey) && $0.uuid("registrationId") == registration }
            return found != nil
        }
        return try #require(found)
    }

    func registrations(_ event: Identifier, status: String) async throws -> [Identifier] {
        try await system.query(
            .attendees,
            """
            SELECT id FROM event_registrations WHERE event_id = $1 AND status = $2 ORDER BY id
            """, [event, status]
        ).map { try $0.decode(Identifier.self, at: 0) }
    }

    /// The event's queue, front first.
    func waitlist(_ event: Identifier) async throws -> [(id: Identifier, position: Int)] {
        try await system.query(
            .attendees,
            """
            SELECT id, waitlist_position FROM event_registrations
            WHERE event_id = $1 AND status = 'waitlisted' ORDER BY waitlist_position
            """, [event]
        ).map { (try $0.decode(Identifier.self, at: 0), try $0.decode(Int.self, at: 1)) }
    }

    /// events' `current_attendee_count`.
    func attendeeCount(_ event: Identifier) async throws -> Int {
        try await system.count(.events, "SELECT current_attendee_count FROM events WHERE id = $1", [event])
    }

    /// The registrations events holds a seat for.
    func seatsHeld(_ event: Identifier) async throws -> Set<Identifier> {
        Set(
            try await system.query(
                .events,
                """
                SELECT registration_id FROM event_seats WHERE event_id = $1 AND reserved_at IS NOT NULL AND released_at IS NULL
                """, [event]
            ).map { try $0.decode(Identifier.self, at: 0) })
    }

    /// Waits until the saga has nothing in flight: both outboxes sent, every
    /// message seen on the bus consumed by the worker it is for, no
    /// registration waiting for a seat answer.
    func quiescent(timeout: Duration = .seconds(60)) async throws {
        try await eventually("the saga at rest", timeout: timeout, every: .milliseconds(200)) {
            for context in [BoundedContext.events, .attendees] {
                guard try await system.count(context, "SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0 else { return false }
            }
            let forEvents = (system.headers("attendees.RegistrationRequested") + system.headers("attendees.RegistrationCancelled"))
                .map { $0.id.description }
            let forAttendees =
                (system.headers("events.SeatReserved") + system.headers("events.SeatRejected")
                + system.headers("events.SeatReleased")).map { $0.id.description }
            for (context, ids) in [(BoundedContext.events, forEvents), (.attendees, forAttendees)] {
                let handled = try await system.count(
                    context, "SELECT count(DISTINCT message_id) FROM inbox WHERE message_id::text = ANY($1)", [ids]
                )
                guard handled == ids.count else { return false }
            }
            return try await system.count(
                .attendees,
                """
                SELECT count(*) FROM event_registrations
                WHERE status = 'registered' OR (status = 'waitlisted' AND seat_requested_at IS NOT NULL)
                """) == 0
        }
    }

    // MARK: companies and partners

    func createCompany(_ name: String, employees: Int) async throws -> Identifier {
        let answer = try await system.command(
            Self.createCompany,
            CreateCompany(
                name: name, displayName: name, industry: "Software", employeeCount: employees, createdBy: Identifier()
            ))
        return try #require(answer.first { $0.routingKey == "companies.CompanyCreated" }?.uuid("companyId"), "\(answer.map(\.data))")
    }

    /// partners learns of the company from companies' event; until then it
    /// answers `unknown_company` and asks for a retry (docs/analytics.md).
    func startPartnership(_ company: Identifier, level: String) async throws -> Identifier {
        var partner: Identifier?
        try await eventually("the partnership started", timeout: .seconds(30), every: .milliseconds(200)) {
            let answer = try await system.command(
                Self.startPartnership,
                StartPartnership(
                    companyId: company, partnershipLevel: level, partnershipStartDate: "2025-01-01"
                ))
            if let started = answer.first(where: { $0.routingKey == "partners.PartnershipStarted" }) {
                partner = started.uuid("partnerId")
                return true
            }
            #expect(answer.first?.string("reason") == "unknown_company", "\(answer.map(\.data))")
            return false
        }
        return try #require(partner)
    }
}

/// `speakers.SpeakerConfirmed` as the speakers worker publishes it.
struct SpeakerConfirmedStandIn: Codable, Sendable {
    var speakerId: Identifier
    var sessionId: Identifier
    var eventId: Identifier
    var role: String
    var confirmedAt: Date
}
