import AMQP
import Companies
import Foundation
import Identifiers
import Messaging
import Partners
import Postgres
import TestSupport
import Testing
import WorkerHost

/// Companies and partners end to end: every command and event path through
/// the real workers, the analytics invariants over a few thousand facts
/// delivered shuffled and twice, and attendance through the real attendees
/// worker.
@Suite struct AnalyticsSagaTests {
    static let createCompany = MessageKey.command("CreateCompany", to: "companies")
    static let updateCompany = MessageKey.command("UpdateCompany", to: "companies")
    static let attachLogo = MessageKey.command("AttachCompanyLogo", to: "companies")
    static let startPartnership = MessageKey.command("StartPartnership", to: "partners")
    static let changeLevel = MessageKey.command("ChangePartnershipLevel", to: "partners")
    static let endPartnership = MessageKey.command("EndPartnership", to: "partners")
    static let recalculate = MessageKey.command("RecalculatePartnerAnalytics", to: "partners")

    // MARK: 1. commands and events of both workers

    @Test func companyAndPartnershipLifecycle() async throws {
        try await withSystem([.companies, .partners]) { system in
            let companyId = Identifier()
            let user = Identifier()

            // CreateCompany → CompanyCreated, and partners learns the company.
            let created = try await system.command(
                Self.createCompany,
                CreateCompany(
                    companyId: companyId, name: "Acme AG", displayName: "Acme", website: "https://acme.example",
                    industry: "Software", employeeCount: 50, description: "Tools", createdBy: user
                ))
            #expect(created.map(\.routingKey) == ["companies.CompanyCreated"])
            let createdData = try #require(created.first).data
            #expect(created.first?.uuid("companyId") == companyId)
            #expect(createdData["isPartner"]?.boolValue == false)
            #expect(createdData["employeeCount"]?.doubleValue == 50)
            try await waitUntilPartnersKnow(companyId, employees: 50, system)

            // UpdateCompany → CompanyUpdated with only the fields that changed.
            let updated = try await system.command(
                Self.updateCompany,
                UpdateCompany(
                    companyId: companyId, displayName: "Acme", employeeCount: 80, description: "Tools and more"
                ))
            #expect(updated.map(\.routingKey) == ["companies.CompanyUpdated"])
            let updatedData = try #require(updated.first).data
            #expect(updatedData["employeeCount"]?.doubleValue == 80)
            #expect(updatedData["description"]?.stringValue == "Tools and more")
            #expect(updatedData["displayName"] == nil, "an unchanged field is not reported")
            let row = try await system.query(
                .companies, "SELECT employee_count, description, display_name, is_partner FROM companies WHERE id = $1", [companyId]
            )
            #expect(try row.first?.decode(Int.self, column: "employee_count") == 80)
            #expect(try row.first?.decode(String.self, column: "description") == "Tools and more")
            #expect(try row.first?.decode(Bool.self, column: "is_partner") == false)
            try await waitUntilPartnersKnow(companyId, employees: 80, system)

            // AttachCompanyLogo: the first becomes current; a second replaces it.
            let firstLogo = try await system.command(Self.attachLogo, logo(companyId, type: "image/png", size: 2048, by: user))
            #expect(firstLogo.map(\.routingKey) == ["companies.CompanyLogoAttached"])
            let firstLogoId = try #require(firstLogo.first?.uuid("logoId"))
            #expect(firstLogo.first?.uuid("replacedLogoId") == nil)
            // Exactly 5 MiB is allowed.
            let secondLogo = try await system.command(
                Self.attachLogo, logo(companyId, type: "image/svg+xml", size: CompanyLimits.maxLogoBytes, by: user)
            )
            #expect(secondLogo.map(\.routingKey) == ["companies.CompanyLogoAttached"])
            #expect(secondLogo.first?.uuid("replacedLogoId") == firstLogoId)
            let secondLogoId = try #require(secondLogo.first?.uuid("logoId"))
            let logos = try await system.query(
                .companies, "SELECT id, is_current FROM company_logos WHERE company_id = $1 ORDER BY uploaded_at", [companyId]
            )
            #expect(logos.count == 2)
            let current = try logos.filter { try $0.decode(Bool.self, column: "is_current") }.map { try $0.decode(Identifier.self, column: "id") }
            #expect(current == [secondLogoId])

            // StartPartnership → PartnershipStarted; companies flips is_partner
            // and says so with CompanyUpdated (caused by PartnershipStarted).
            let started = try await system.command(
                Self.startPartnership,
                StartPartnership(
                    companyId: companyId, partnershipLevel: "gold", partnershipStartDate: "2025-01-01"
                ))
            #expect(started.map(\.routingKey) == ["partners.PartnershipStarted"])
            let startedEvent = try #require(started.first)
            let partnerId = try #require(startedEvent.uuid("partnerId"))
            #expect(startedEvent.uuid("companyId") == companyId)
            #expect(startedEvent.string("partnershipLevel") == "gold")
            #expect(startedEvent.string("partnershipStartDate") == "2025-01-01")
            let flipped = try await system.answers(to: startedEvent.header.id)
            #expect(flipped.map(\.routingKey) == ["companies.CompanyUpdated"])
            #expect(flipped.first?.data["isPartner"]?.boolValue == true)
            #expect(flipped.first?.uuid("companyId") == companyId)
            #expect(try await isPartner(companyId, system) == true)
            let partnerRow = try await system.query(
                .partners, "SELECT partnership_level, is_active, partnership_start_date::text AS start FROM partners WHERE id = $1",
                [partnerId]
            )
            #expect(try partnerRow.first?.decode(String.self, column: "partnership_level") == "gold")
            #expect(try partnerRow.first?.decode(Bool.self, column: "is_active") == true)
            #expect(try partnerRow.first?.decode(String.self, column: "start") == "2025-01-01")

            // ChangePartnershipLevel → PartnershipLevelChanged.
            let changed = try await system.command(Self.changeLevel, ChangePartnershipLevel(partnerId: partnerId, partnershipLevel: "platinum"))
            #expect(changed.map(\.routingKey) == ["partners.PartnershipLevelChanged"])
            #expect(changed.first?.string("partnershipLevel") == "platinum")
            #expect(changed.first?.string("previousLevel") == "gold")
            #expect(
                try await system.query(.partners, "SELECT partnership_level FROM partners WHERE id = $1", [partnerId])
                    .first?.decode(String.self, column: "partnership_level") == "platinum")

            // RecalculatePartnerAnalytics without facts: nothing changes, but it is answered.
            let rebuilt = try await system.command(Self.recalculate, RecalculatePartnerAnalytics(partnerId: partnerId))
            #expect(rebuilt.map(\.routingKey) == ["partners.PartnerAnalyticsRebuilt"])
            #expect(rebuilt.first?.uuid("partnerId") == partnerId)
            #expect(rebuilt.first?.data["partnersRecalculated"]?.doubleValue == 1)
            #expect(rebuilt.first?.data["rowsChanged"]?.doubleValue == 0)

            // EndPartnership → PartnershipEnded; companies flips is_partner back.
            let ended = try await system.command(Self.endPartnership, EndPartnership(partnerId: partnerId, partnershipEndDate: "2025-12-31"))
            #expect(ended.map(\.routingKey) == ["partners.PartnershipEnded"])
            let endedEvent = try #require(ended.first)
            #expect(endedEvent.string("partnershipEndDate") == "2025-12-31")
            let unflipped = try await system.answers(to: endedEvent.header.id)
            #expect(unflipped.map(\.routingKey) == ["companies.CompanyUpdated"])
            #expect(unflipped.first?.data["isPartner"]?.boolValue == false)
            #expect(try await isPartner(companyId, system) == false)
            let endedRow = try await system.query(
                .partners, "SELECT is_active, partnership_end_date::text AS end_date FROM partners WHERE id = $1", [partnerId]
            )
            #expect(try endedRow.first?.decode(Bool.self, column: "is_active") == false)
            #expect(try endedRow.first?.decode(String.self, column: "end_date") == "2025-12-31")

            // Starting again: the same partner (one per company), active again.
            let restarted = try await system.command(
                Self.startPartnership,
                StartPartnership(
                    companyId: companyId, partnershipLevel: "silver", partnershipStartDate: "2026-01-01"
                ))
            #expect(restarted.map(\.routingKey) == ["partners.PartnershipStarted"])
            #expect(restarted.first?.uuid("partnerId") == partnerId)
            let reflipped = try await system.answers(to: try #require(restarted.first).header.id)
            #expect(reflipped.first?.data["isPartner"]?.boolValue == true)
            #expect(try await system.count(.partners, "SELECT count(*) FROM partners WHERE company_id = $1", [companyId]) == 1)

            #expect(system.contractProblems() == [])
        }
    }

    @Test func badCommandsAreRejectedOnceAndWriteNothing() async throws {
        try await withSystem([.companies, .partners]) { system in
            let user = Identifier()
            let companyId = Identifier()
            let partnered = Identifier()
            for (id, name) in [(companyId, "Plain AG"), (partnered, "Partnered AG")] {
                try await system.command(
                    Self.createCompany,
                    CreateCompany(
                        companyId: id, name: name, displayName: name, industry: "Banking", employeeCount: 10, createdBy: user
                    ))
                try await waitUntilPartnersKnow(id, employees: 10, system)
            }
            let started = try await system.command(
                Self.startPartnership,
                StartPartnership(
                    companyId: partnered, partnershipLevel: "bronze", partnershipStartDate: "2025-03-01"
                ))
            let partnerId = try #require(started.first?.uuid("partnerId"))
            let ended = Identifier()
            try await system.command(
                Self.createCompany,
                CreateCompany(
                    companyId: ended, name: "Ended AG", displayName: "Ended", industry: "Retail", createdBy: user
                ))
            try await waitUntilPartnersKnow(ended, employees: nil, system)
            let endedPartner = try #require(
                try await system.command(
                    Self.startPartnership,
                    StartPartnership(
                        companyId: ended, partnershipLevel: "silver", partnershipStartDate: "2025-01-01"
                    )
                ).first?.uuid("partnerId"))
            try await system.command(Self.endPartnership, EndPartnership(partnerId: endedPartner, partnershipEndDate: "2025-06-30"))
            let before = try await snapshot(system)

            let long256 = String(repeating: "x", count: 256)
            var cases: [(id: Identifier, context: String, reason: String)] = []
            func reject<P: Codable & Sendable>(_ key: MessageKey, _ data: P, _ reason: String) async throws {
                cases.append((try await system.send(key, data), key.context, reason))
            }
            // companies
            try await reject(
                Self.createCompany,
                CreateCompany(
                    name: nil, displayName: "X", industry: "Y", createdBy: user), "missing_field")
            try await reject(
                Self.createCompany,
                CreateCompany(
                    name: "X", displayName: "X", industry: nil, createdBy: user), "missing_field")
            try await reject(
                Self.createCompany,
                CreateCompany(
                    name: "X", displayName: "X", industry: "Y", createdBy: nil), "missing_field")
            try await reject(
                Self.createCompany,
                CreateCompany(
                    name: "   ", displayName: "X", industry: "Y", createdBy: user), "missing_field")
            try await reject(
                Self.createCompany,
                CreateCompany(
                    name: long256, displayName: "X", industry: "Y", createdBy: user), "field_too_long")
            try await reject(
                Self.createCompany,
                CreateCompany(
                    name: "X", displayName: "X", industry: String(repeating: "i", count: 101), createdBy: user), "field_too_long")
            try await reject(
                Self.createCompany,
                CreateCompany(
                    name: "X", displayName: "X", website: "ftp://x.example", industry: "Y", createdBy: user), "invalid_website")
            try await reject(
                Self.createCompany,
                CreateCompany(
                    name: "X", displayName: "X", industry: "Y", employeeCount: 0, createdBy: user), "invalid_employee_count")
            try await reject(
                Self.createCompany,
                CreateCompany(
                    companyId: companyId, name: "Again", displayName: "Again", industry: "Y", createdBy: user), "company_exists")
            try await reject(Self.updateCompany, UpdateCompany(companyId: Identifier(), name: "Nobody"), "unknown_company")
            try await reject(Self.updateCompany, UpdateCompany(companyId: nil, name: "Nobody"), "missing_field")
            try await reject(Self.updateCompany, UpdateCompany(companyId: companyId), "no_changes")
            try await reject(
                Self.updateCompany,
                UpdateCompany(
                    companyId: companyId, name: "Renamed", displayName: .set(long256)), "field_too_long")
            try await reject(Self.attachLogo, logo(companyId, type: "image/gif", size: 100, by: user), "unsupported_logo_type")
            try await reject(Self.attachLogo, logo(companyId, type: "image/png", size: CompanyLimits.maxLogoBytes + 1, by: user), "logo_too_large")
            try await reject(Self.attachLogo, logo(companyId, type: "image/png", size: 0, by: user), "invalid_file_size")
            try await reject(Self.attachLogo, logo(Identifier(), type: "image/png", size: 100, by: user), "unknown_company")
            var noKey = logo(companyId, type: "image/png", size: 100, by: user)
            noKey.s3Key = nil
            try await reject(Self.attachLogo, noKey, "missing_field")
            var longName = logo(companyId, type: "image/png", size: 100, by: user)
            longName.fileName = long256
            try await reject(Self.attachLogo, longName, "field_too_long")
            // partners
            try await reject(
                Self.startPartnership,
                StartPartnership(
                    companyId: Identifier(), partnershipLevel: "gold", partnershipStartDate: "2025-01-01"), "unknown_company")
            try await reject(
                Self.startPartnership,
                StartPartnership(
                    companyId: partnered, partnershipLevel: "gold", partnershipStartDate: "2025-01-01"), "duplicate_partnership")
            try await reject(
                Self.startPartnership,
                StartPartnership(
                    companyId: companyId, partnershipLevel: "diamond", partnershipStartDate: "2025-01-01"), "invalid_tier")
            try await reject(
                Self.startPartnership,
                StartPartnership(
                    companyId: companyId, partnershipLevel: "Gold", partnershipStartDate: "2025-01-01"), "invalid_tier")
            try await reject(
                Self.startPartnership,
                StartPartnership(
                    companyId: companyId, partnershipLevel: "gold", partnershipStartDate: "2025-06-01",
                    partnershipEndDate: "2025-05-31"), "end_before_start")
            try await reject(
                Self.startPartnership,
                StartPartnership(
                    companyId: companyId, partnershipLevel: "gold", partnershipStartDate: nil), "missing_field")
            try await reject(
                Self.startPartnership,
                StartPartnership(
                    companyId: nil, partnershipLevel: "gold", partnershipStartDate: "2025-01-01"), "missing_field")
            try await reject(
                Self.startPartnership,
                StartPartnership(
                    companyId: companyId, partnershipLevel: "gold", partnershipStartDate: "2025-02-30"), "invalid_date")
            try await reject(Self.changeLevel, ChangePartnershipLevel(partnerId: Identifier(), partnershipLevel: "gold"), "unknown_partner")
            try await reject(Self.changeLevel, ChangePartnershipLevel(partnerId: partnerId, partnershipLevel: "iron"), "invalid_tier")
            try await reject(Self.changeLevel, ChangePartnershipLevel(partnerId: partnerId, partnershipLevel: nil), "missing_field")
            try await reject(Self.changeLevel, ChangePartnershipLevel(partnerId: partnerId, partnershipLevel: "bronze"), "level_unchanged")
            try await reject(Self.changeLevel, ChangePartnershipLevel(partnerId: endedPartner, partnershipLevel: "gold"), "partnership_ended")
            try await reject(Self.endPartnership, EndPartnership(partnerId: partnerId, partnershipEndDate: "2025-02-28"), "end_before_start")
            try await reject(Self.endPartnership, EndPartnership(partnerId: Identifier(), partnershipEndDate: "2025-12-31"), "unknown_partner")
            try await reject(Self.endPartnership, EndPartnership(partnerId: endedPartner, partnershipEndDate: "2025-12-31"), "partnership_ended")
            try await reject(Self.endPartnership, EndPartnership(partnerId: partnerId, partnershipEndDate: "31.12.2025"), "invalid_date")
            try await reject(Self.recalculate, RecalculatePartnerAnalytics(partnerId: Identifier()), "unknown_partner")
            try await reject(Self.recalculate, RecalculatePartnerAnalytics(partnerId: endedPartner), "partnership_ended")

            for (id, context, reason) in cases {
                let answers = try await system.answers(to: id)
                #expect(answers.map(\.routingKey) == ["\(context).CommandRejected"], "expected \(reason)")
                #expect(answers.first?.string("reason") == reason)
                #expect(answers.first?.string("message")?.isEmpty == false)
            }
            // A command sent after all of them is answered: by then a second
            // answer to any of them would have had its chance.
            let last = try await system.command(Self.changeLevel, ChangePartnershipLevel(partnerId: partnerId, partnershipLevel: "silver"))
            #expect(last.map(\.routingKey) == ["partners.PartnershipLevelChanged"])
            try await system.command(Self.updateCompany, UpdateCompany(companyId: companyId, industry: "Insurance"))
            for (id, _, reason) in cases {
                #expect(system.caused(by: id).count == 1, "one answer to the \(reason) case")
            }
            // Nothing half-written: only the two accepted commands changed anything.
            var expected = before
            expected.levels[partnerId] = "silver"
            expected.industries[companyId] = "Insurance"
            #expect(try await snapshot(system) == expected)
            #expect(system.contractProblems() == [])
        }
    }

    // MARK: 2. the analytics invariants over generated facts

    @Test func analyticsInvariantsOverShuffledDuplicatedFacts() async throws {
        try await withSystem([.companies, .partners]) { system in
            let seed = UInt64.random(in: 0...UInt64.max)
            var random = SplitMix64(seed: seed)
            let user = Identifier()
            let plan = FactPlan.generate(using: &random)

            // Up front: partners A (gold, 50 employees, later 40) and B (silver,
            // no employee count, later strategic), D created but partner only
            // mid-stream, E a partner without employees, two non-partners.
            // C is created only after every fact was handled.
            for company in [plan.a, plan.b, plan.d, plan.e, plan.n1, plan.n2] {
                try await system.command(
                    Self.createCompany,
                    CreateCompany(
                        companyId: company.id, name: company.name, displayName: company.name, industry: "IT",
                        employeeCount: company.initialEmployees, createdBy: user
                    ))
            }
            for company in [plan.a, plan.b, plan.d, plan.e, plan.n1, plan.n2] {
                try await waitUntilPartnersKnow(company.id, employees: company.initialEmployees, system)
            }
            var partnerIds: [Identifier: Identifier] = [:]
            for (company, tier, fee) in [(plan.a, "gold", FactPlan.feeA), (plan.b, "silver", nil), (plan.e, "silver", nil)] {
                let started = try await system.command(
                    Self.startPartnership,
                    StartPartnership(
                        companyId: company.id, partnershipLevel: tier, partnershipStartDate: "2025-01-01", partnershipFee: fee
                    ))
                partnerIds[company.id] = try #require(started.first?.uuid("partnerId"))
            }
            let partnerA = try #require(partnerIds[plan.a.id])
            let partnerB = try #require(partnerIds[plan.b.id])

            // Strategic input before the facts: A suggests two topics, B one;
            // B votes for A's first and against its second, A for B's. A topic
            // events defines mid-stream adopts A's first (FactPlan.influenceA/B).
            let input = try await StrategicInputPlan.give(a: partnerA, b: partnerB, system)

            // The facts, shuffled, duplicates included; changes to the partners in between.
            let clock = ContinuousClock.now
            var midStream: [(id: Identifier, answer: String)] = []
            for (index, message) in plan.messages.enumerated() {
                try await message.send(system.client)
                if index == plan.messages.count / 4 {
                    midStream.append(
                        (
                            try await system.send(
                                Self.updateCompany,
                                UpdateCompany(
                                    companyId: plan.a.id, employeeCount: .set(FactPlan.finalEmployeesA)
                                )), "companies.CompanyUpdated"
                        ))
                } else if index == plan.messages.count / 2 {
                    midStream.append(
                        (
                            try await system.send(
                                Self.startPartnership,
                                StartPartnership(
                                    companyId: plan.d.id, partnershipLevel: "bronze", partnershipStartDate: "2025-02-01"
                                )), "partners.PartnershipStarted"
                        ))
                } else if index == 3 * plan.messages.count / 4 {
                    midStream.append(
                        (
                            try await system.send(
                                Self.changeLevel,
                                ChangePartnershipLevel(
                                    partnerId: partnerB, partnershipLevel: "strategic", partnershipFee: FactPlan.feeB
                                )), "partners.PartnershipLevelChanged"
                        ))
                } else if index == 2 * plan.messages.count / 3 {
                    try await system.client.send(.event("EventTopicDefined", from: "events"), data: input.adoptingTopic)
                }
            }
            let sent = ContinuousClock.now - clock
            let distinctIds = Set(plan.messages.map(\.id)).map(\.description)
            try await eventually("partners handled \(distinctIds.count) fact messages", timeout: .seconds(60), every: .milliseconds(250)) {
                try await system.count(.partners, "SELECT count(DISTINCT message_id) FROM inbox WHERE message_id::text = ANY($1)", [distinctIds])
                    == distinctIds.count
            }
            let handled = ContinuousClock.now - clock
            // Their answers (the rows they recalculated, for D and B, aside).
            for (id, answer) in midStream {
                let answers = try await Self.answers(to: id, among: [answer, "partners.CommandRejected", "companies.CommandRejected"], system)
                #expect(answers.map(\.routingKey) == [answer])
            }
            let dStarted = try #require(
                try await Self.answers(to: midStream[1].id, among: ["partners.PartnershipStarted"], system)
                    .first?.decode(PartnershipStarted.self).partnerId)
            partnerIds[plan.d.id] = dStarted

            // Each fact stored once, whatever the number of deliveries.
            #expect(
                try await system.count(
                    .partners, "SELECT count(*) FROM attendance_facts WHERE event_id::text = ANY($1)", [plan.eventIds.map(\.description)]
                ) == plan.distinctAttendances)
            #expect(
                try await system.count(
                    .partners, "SELECT count(*) FROM engagement_facts WHERE attendee_id::text = ANY($1)", [plan.attendeeIds.map(\.description)]
                ) == plan.distinctEngagements)

            // C: every fact of its employees is in before partners knows it.
            let createC = try await system.send(
                Self.createCompany,
                CreateCompany(
                    companyId: plan.c.id, name: plan.c.name, displayName: plan.c.name, industry: "IT",
                    employeeCount: plan.c.initialEmployees, createdBy: user
                ))
            #expect(
                try await Self.answers(to: createC, among: ["companies.CompanyCreated", "companies.CommandRejected"], system)
                    .map(\.routingKey) == ["companies.CompanyCreated"])
            try await waitUntilPartnersKnow(plan.c.id, employees: plan.c.initialEmployees, system)
            let expectedC = plan.expectedRows(for: plan.c, partnerId: Identifier(), tier: .platinum)
            let startC = try await system.send(
                Self.startPartnership,
                StartPartnership(
                    companyId: plan.c.id, partnershipLevel: "platinum", partnershipStartDate: "2025-03-01"
                ))
            let startedC = try await Self.answers(
                to: startC, among: ["partners.PartnershipStarted", "partners.PartnerAnalyticsRecalculated", "partners.CommandRejected"],
                count: 1 + expectedC.count, system
            )
            let cStarted = ContinuousClock.now - clock
            let partnerC = try #require(
                try startedC.first { $0.routingKey == "partners.PartnershipStarted" }?
                    .decode(PartnershipStarted.self).partnerId)
            partnerIds[plan.c.id] = partnerC
            // Starting the partnership publishes every row its earlier facts make.
            let publishedC = try startedC.filter { $0.routingKey == "partners.PartnerAnalyticsRecalculated" }
                .map { try $0.decode(PartnerAnalyticsRecalculated.self) }
            #expect(Set(publishedC) == Set(plan.expectedRows(for: plan.c, partnerId: partnerC, tier: .platinum).map(\.event)))

            // Every partner's rows equal the model's.
            let expected: [Identifier: [Identifier?: AnalyticsFigures]] = [
                partnerA: plan.expectedFigures(
                    for: plan.a, partnerId: partnerA, tier: .gold, employees: FactPlan.finalEmployeesA, fee: FactPlan.feeA,
                    influence: FactPlan.influenceA),
                partnerB: plan.expectedFigures(
                    for: plan.b, partnerId: partnerB, tier: .strategic, fee: FactPlan.feeB, influence: FactPlan.influenceB),
                partnerC: plan.expectedFigures(for: plan.c, partnerId: partnerC, tier: .platinum),
                dStarted: plan.expectedFigures(for: plan.d, partnerId: dStarted, tier: .bronze),
            ]
            var stored: [Identifier: [Identifier?: AnalyticsFigures]] = [:]
            do {
                try await eventually("partner rows equal the model (seed \(seed))", timeout: .seconds(20), every: .milliseconds(250)) {
                    stored = try await analyticsRows(system)
                    return stored == expected
                }
            } catch {
                for (partner, rows) in expected where stored[partner] != rows {
                    Issue.record("seed \(seed): partner \(partner) rows \(String(describing: stored[partner])) expected \(rows)")
                }
                throw error
            }
            let settled = ContinuousClock.now - clock

            // Cross-event attendance is the sum of the per-event rows.
            for (partner, rows) in stored {
                let perEvent = rows.filter { $0.key != nil }.map(\.value.totalEmployeeAttendance).reduce(0, +)
                #expect(rows[nil]?.totalEmployeeAttendance == perEvent, "partner \(partner)")
            }
            // Employees of non-partners changed no row: E (no employees) has none,
            // and no analytics event names anyone but the four partners.
            #expect(stored[try #require(partnerIds[plan.e.id])] == nil)
            #expect(try await system.count(.partners, "SELECT count(*) FROM partner_analytics") == expected.values.map(\.count).reduce(0, +))
            let analyticsPartners = Set(
                system.events.messages("partners.PartnerAnalyticsRecalculated").compactMap {
                    try? MessageCoding.decode(Envelope<PartnerAnalyticsRecalculated>.self, from: $0.body).data.partnerId
                })
            #expect(analyticsPartners == Set(expected.keys))
            #expect(plan.expectedTotals.values.allSatisfy { $0 > 0 }, "every partner with employees has attendance")
            #expect(plan.nonPartnerAttendances > 0, "non-partner facts were mixed in")

            // Erasure keeps the counts and drops the link to the person.
            let erased = Array(plan.employees(of: plan.a).prefix(2))
            var erasureIds: [String] = []
            for attendee in erased {
                erasureIds.append(
                    try await system.client.send(
                        .event("AttendeeErased", from: "attendees"), data: ErasedFact(attendeeId: attendee)
                    ).description)
            }
            try await eventually("erasures handled") {
                try await system.count(.partners, "SELECT count(*) FROM inbox WHERE message_id::text = ANY($1)", [erasureIds]) == 2
            }
            for attendee in erased {
                #expect(try await system.count(.partners, "SELECT count(*) FROM attendance_facts WHERE attendee_id = $1", [attendee]) == 0)
                #expect(try await system.count(.partners, "SELECT count(*) FROM engagement_facts WHERE attendee_id = $1", [attendee]) == 0)
                #expect(
                    try await system.count(
                        .partners, "SELECT count(*) FROM attendees WHERE attendee_id = $1 AND erased AND company_id IS NULL", [attendee]
                    ) == 1)
            }
            // A full rebuild finds nothing to change.
            let rebuild = try await system.send(Self.recalculate, RecalculatePartnerAnalytics())
            let rebuilt = try await Self.answers(to: rebuild, among: ["partners.PartnerAnalyticsRebuilt", "partners.CommandRejected"], system)
            #expect(rebuilt.map(\.routingKey) == ["partners.PartnerAnalyticsRebuilt"])
            #expect(
                try rebuilt.first?.decode(PartnerAnalyticsRebuilt.self)
                    == PartnerAnalyticsRebuilt(
                        partnerId: nil, partnersRecalculated: 5, rowsChanged: 0
                    ))
            #expect(try await analyticsRows(system) == expected)

            #expect(try await system.count(.partners, "SELECT count(*) FROM topic_suggestions WHERE adopted_topic_id IS NOT NULL") == 1)
            #expect(system.contractProblems() == [])
            print(
                "AnalyticsSagaTests: \(plan.messages.count) fact messages sent in \(sent), handled after \(handled), C started after \(cStarted), settled after \(settled) (seed \(seed))"
            )
        }
    }

    /// The events among `routingKeys` caused by message `id`, once `count`
    /// arrived. Unlike `system.answers` it decodes only deliveries with these
    /// routing keys: with thousands of facts on the bus, decoding every
    /// delivery on each poll takes half a second.
    private static func answers(
        to id: Identifier, among routingKeys: Set<String>, count: Int = 1, _ system: SystemFixture
    ) async throws -> [SeenEvent] {
        func seen() -> [SeenEvent] {
            system.events.deliveries.compactMap { delivery in
                guard routingKeys.contains(delivery.routingKey),
                    let header = try? MessageCoding.decode(EnvelopeHeader.self, from: delivery.body),
                    header.causationId == id
                else { return nil }
                return SeenEvent(routingKey: delivery.routingKey, header: header, body: delivery.body)
            }
        }
        try await eventually("\(count) answer(s) to \(id) among \(routingKeys.sorted())") { seen().count >= count }
        return seen()
    }

    // MARK: 3. attendance through the real attendees worker

    @Test func attendanceThroughTheAttendeesWorker() async throws {
        try await withSystem([.companies, .partners, .events, .speakers, .attendees]) { system in
            let user = Identifier()
            let partnerCompany = Identifier()
            let otherCompany = Identifier()
            for (id, name, employees) in [(partnerCompany, "Partner AG", 20), (otherCompany, "Other AG", 10)] {
                try await system.command(
                    Self.createCompany,
                    CreateCompany(
                        companyId: id, name: name, displayName: name, industry: "IT", employeeCount: employees, createdBy: user
                    ))
                try await waitUntilPartnersKnow(id, employees: employees, system)
            }
            let partnerId = try #require(
                try await system.command(
                    Self.startPartnership,
                    StartPartnership(
                        companyId: partnerCompany, partnershipLevel: "gold", partnershipStartDate: "2025-01-01"
                    )
                ).first?.uuid("partnerId"))

            let eventId = try await openEventForRegistration(system, speakerCompany: partnerCompany)

            // Three employees of the partner and one of a non-partner register; each gets a seat.
            var registrations: [(registration: Identifier, attendee: Identifier, company: Identifier)] = []
            for (index, company) in [partnerCompany, partnerCompany, partnerCompany, otherCompany].enumerated() {
                let answer = try await system.command(
                    .command("RegisterAttendee", to: "attendees"),
                    RegisterAttendeeCommand(
                        eventId: eventId, email: "person\(index)-\(Identifier().description.suffix(12))@example.ch", firstName: "P\(index)",
                        lastName: "Muster", companyId: company, gdprConsent: true
                    ), expecting: 2)
                let requested = try #require(answer.first { $0.routingKey == "attendees.RegistrationRequested" })
                let registration = try #require(requested.uuid("registrationId"))
                let attendee = try #require(requested.uuid("attendeeId"))
                try await system.wait(for: "attendees.RegistrationConfirmed") { $0.uuid("registrationId") == registration }
                registrations.append((registration, attendee, company))
            }
            #expect(system.published("events.SeatReserved").filter { $0.uuid("eventId") == eventId }.count == 4)

            // The non-partner's attendance first: it changes no partner row.
            let other = try #require(registrations.last)
            let otherFact = try await system.command(
                .command("RecordAttendance", to: "attendees"), RecordAttendanceCommand(registrationId: other.registration))
            #expect(otherFact.map(\.routingKey) == ["attendees.AttendanceRecorded"])
            #expect(otherFact.first?.uuid("companyId") == otherCompany)

            // Then the partner's employees, one after the other: each attendance
            // is recalculated into the event row and the cross-event row.
            for (count, registration) in registrations.dropLast().enumerated() {
                let fact = try await system.command(
                    .command("RecordAttendance", to: "attendees"), RecordAttendanceCommand(registrationId: registration.registration)
                )
                #expect(fact.map(\.routingKey) == ["attendees.AttendanceRecorded"])
                let factEvent = try #require(fact.first)
                #expect(factEvent.uuid("companyId") == partnerCompany)
                let recalculated = try await system.answers(to: factEvent.header.id, count: 2)
                    .map { try $0.decode(PartnerAnalyticsRecalculated.self) }
                let attended = count + 1
                #expect(recalculated.count == 2)
                let eventRow = try #require(recalculated.first { $0.eventId == eventId })
                let crossRow = try #require(recalculated.first { $0.eventId == nil })
                for row in [eventRow, crossRow] {
                    #expect(row.partnerId == partnerId)
                    #expect(row.totalEmployeeAttendance == attended)
                    #expect(row.averageAttendancePerEvent == Double(attended))
                    #expect(row.brandExposureScore == Double(attended) * 5)  // of 20 employees
                    #expect(row.roiScore == Double(attended) / 10)  // gold: CHF 10'000, 10 fee units
                    #expect(row.contentEngagementScore == 0)
                    #expect(row.topicInfluenceScore == 0)
                }
            }
            #expect(system.caused(by: try #require(otherFact.first).header.id).isEmpty)

            // Recording an attendance again publishes the same fact, counted once.
            let again = try await system.command(
                .command("RecordAttendance", to: "attendees"), RecordAttendanceCommand(registrationId: registrations[0].registration)
            )
            #expect(again.map(\.routingKey) == ["attendees.AttendanceRecorded"])
            let againId = try #require(again.first).header.id
            try await eventually("partners handled the repeated fact") {
                try await system.count(.partners, "SELECT count(*) FROM inbox WHERE message_id = $1", [againId]) == 1
            }

            // A rating of one of them (of the event's keynote, which attendees
            // knows of from events) counts in the cross-event row; ratings are
            // no longer a stand-in for topic influence.
            var known: Identifier?
            try await eventually("attendees knows the event's keynote") {
                known = try await system.query(.attendees, "SELECT session_id FROM session_copies WHERE event_id = $1", [eventId]).first?
                    .decode(Identifier.self, at: 0)
                return known != nil
            }
            let keynote = try #require(known)
            let engaged = try await system.command(
                .command("RecordContentEngagement", to: "attendees"),
                RecordEngagementCommand(
                    attendeeId: registrations[0].attendee, contentType: "presentation", contentId: keynote, engagementType: "rating",
                    engagementValue: 5
                ))
            #expect(engaged.map(\.routingKey) == ["attendees.ContentEngaged"])
            let afterRating = try await system.answers(to: try #require(engaged.first).header.id)
                .map { try $0.decode(PartnerAnalyticsRecalculated.self) }
            #expect(
                afterRating == [
                    PartnerAnalyticsRecalculated(
                        partnerId: partnerId, eventId: nil, totalEmployeeAttendance: 3, averageAttendancePerEvent: 3,
                        contentEngagementScore: 6.67, brandExposureScore: 15, roiScore: 0.4, topicInfluenceScore: 0
                    )
                ])
            #expect(system.caused(by: againId).isEmpty, "the repeated fact changed nothing")

            let rows = try await analyticsRows(system)
            #expect(rows.keys.sorted() == [partnerId])
            #expect(rows[partnerId]?[eventId]?.totalEmployeeAttendance == 3)
            #expect(rows[partnerId]?[nil]?.totalEmployeeAttendance == 3)
            #expect(try await system.count(.partners, "SELECT count(*) FROM attendance_facts WHERE company_id = $1", [otherCompany]) == 1)
            #expect(system.contractProblems() == [])
        }
    }

}

/// Takes a new event to registration_open the real way: a keynote, its
/// speaker confirmed (the agenda saga moves it to agenda_draft), then published and opened.
private func openEventForRegistration(_ system: SystemFixture, speakerCompany: Identifier) async throws -> Identifier {
    let eventId = Identifier()
    let eventDate = Date().addingTimeInterval(40 * 86_400)
    let created = try await system.command(
        .command("CreateEvent", to: "events"),
        CreateEventCommand(
            eventId: eventId, eventNumber: Int.random(in: 1000...999_999), title: "BATbern Partner Day",
            eventDate: eventDate, registrationDeadline: eventDate.addingTimeInterval(-7 * 86_400), venueName: "Kursaal",
            venueAddress: "Kornhausstrasse 3, Bern", venueCapacity: 50, organizerId: Identifier()
        ))
    #expect(created.map(\.routingKey) == ["events.EventCreated"])
    let sessionId = Identifier()
    let session = try await system.command(
        .command("ScheduleSession", to: "events"),
        ScheduleSessionCommand(
            sessionId: sessionId, eventId: eventId, title: "Keynote", sessionType: "keynote",
            startTime: eventDate, endTime: eventDate.addingTimeInterval(3600)
        ))
    #expect(session.map(\.routingKey) == ["events.SessionScheduled"])
    let speakerId = Identifier()
    let registered = try await system.send(
        .command("RegisterSpeaker", to: "speakers"),
        RegisterSpeakerCommand(
            speakerId: speakerId, email: "ada-\(speakerId.description.suffix(12))@example.ch", firstName: "Ada",
            lastName: "Lovelace", companyId: speakerCompany
        ))
    try await system.wait(for: "speakers.SpeakerRegistered") { $0.header.causationId == registered }
    // speakers learns the session from events.SessionScheduled; until then it does not know it.
    try await eventually("speakers invites to the session") {
        let answer = try await system.command(
            .command("InviteSpeaker", to: "speakers"),
            InviteSpeakerCommand(
                speakerId: speakerId, sessionId: sessionId, role: "primary_speaker"
            ))
        return answer.contains { $0.routingKey == "speakers.SpeakerInvited" }
    }
    let accepted = try await system.send(
        .command("RespondToInvitation", to: "speakers"),
        RespondCommand(
            speakerId: speakerId, sessionId: sessionId, response: "accept"
        ))
    try await system.wait(for: "speakers.SpeakerConfirmed") { $0.header.causationId == accepted }
    try await system.wait(for: "events.EventStatusChanged") {
        $0.uuid("eventId") == eventId && $0.string("to") == "agenda_draft"
    }
    for status in ["published", "registration_open"] {
        let changed = try await system.command(
            .command("ChangeEventStatus", to: "events"),
            ChangeStatusCommand(
                eventId: eventId, status: status
            ))
        #expect(changed.first?.string("to") == status)
    }
    return eventId
}

// MARK: - helpers

/// An event seen on the bus, decoded on demand.
private struct SeenEvent: Sendable {
    let routingKey: String
    let header: EnvelopeHeader
    let body: [UInt8]

    func decode<P: Codable & Sendable>(_ type: P.Type) throws -> P {
        try MessageCoding.decode(Envelope<P>.self, from: body).data
    }
}

/// Starts the workers, runs the test, and tears down whether it passed or not.

private func logo(_ companyId: Identifier, type: String, size: Int64, by user: Identifier) -> AttachCompanyLogo {
    AttachCompanyLogo(
        companyId: companyId, fileId: "file-\(Identifier().description.suffix(12))", fileName: "logo", mimeType: type,
        fileSizeBytes: size, s3Key: "logos/\(companyId)/\(Identifier().description)", uploadedBy: user
    )
}

/// partners knows the company (its CompanyCreated / CompanyUpdated arrived).
private func waitUntilPartnersKnow(_ companyId: Identifier, employees: Int?, _ system: SystemFixture) async throws {
    try await eventually("partners knows company \(companyId) with \(String(describing: employees)) employees") {
        let rows = try await system.query(.partners, "SELECT employee_count FROM companies WHERE company_id = $1", [companyId])
        guard let row = rows.first else { return false }
        return try row.decode(Int?.self, column: "employee_count") == employees
    }
}

private func isPartner(_ companyId: Identifier, _ system: SystemFixture) async throws -> Bool? {
    try await system.query(.companies, "SELECT is_partner FROM companies WHERE id = $1", [companyId])
        .first?.decode(Bool?.self, column: "is_partner")
}

/// Every partner_analytics row, by partner and event (nil: cross-event).
private func analyticsRows(_ system: SystemFixture) async throws -> [Identifier: [Identifier?: AnalyticsFigures]] {
    let rows = try await system.query(
        .partners,
        """
        SELECT partner_id, event_id, total_employee_attendance AS total,
               average_attendance_per_event::text AS average, content_engagement_score::text AS engagement,
               brand_exposure_score::text AS exposure, roi_score::text AS roi, topic_influence_score::text AS influence
        FROM partner_analytics
        """)
    var result: [Identifier: [Identifier?: AnalyticsFigures]] = [:]
    for row in rows {
        func figure(_ column: String) throws -> Hundredths {
            try #require(Hundredths(text: try row.decode(String.self, column: column)))
        }
        result[try row.decode(Identifier.self, column: "partner_id"), default: [:]][try row.decode(Identifier?.self, column: "event_id")] =
            AnalyticsFigures(
                totalEmployeeAttendance: try row.decode(Int.self, column: "total"),
                averageAttendancePerEvent: try figure("average"), contentEngagementScore: try figure("engagement"),
                brandExposureScore: try figure("exposure"), roiScore: try figure("roi"), topicInfluenceScore: try figure("influence")
            )
    }
    return result
}

/// What the two schemas hold, to compare before and after rejected commands.
private struct Snapshot: Equatable {
    var companies = 0
    var logos = 0
    var industries: [Identifier: String] = [:]
    var names: [Identifier: String] = [:]
    var partners = 0
    var levels: [Identifier: String] = [:]
    var active: [Identifier: Bool] = [:]
    var analytics = 0
    var companyCopies = 0
}

private func snapshot(_ system: SystemFixture) async throws -> Snapshot {
    var result = Snapshot()
    for row in try await system.query(.companies, "SELECT id, name, industry FROM companies") {
        let id = try row.decode(Identifier.self, column: "id")
        result.industries[id] = try row.decode(String?.self, column: "industry")
        result.names[id] = try row.decode(String.self, column: "name")
    }
    result.companies = result.names.count
    result.logos = try await system.count(.companies, "SELECT count(*) FROM company_logos")
    for row in try await system.query(.partners, "SELECT id, partnership_level, is_active FROM partners") {
        let id = try row.decode(Identifier.self, column: "id")
        result.levels[id] = try row.decode(String.self, column: "partnership_level")
        result.active[id] = try row.decode(Bool?.self, column: "is_active")
    }
    result.partners = result.levels.count
    result.analytics = try await system.count(.partners, "SELECT count(*) FROM partner_analytics")
    result.companyCopies = try await system.count(.partners, "SELECT count(*) FROM companies")
    return result
}

/// A seeded generator, so a failing run can be replayed from its seed.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: - the generated facts and their model

/// Facts as attendees publishes them (the contract's fields exactly).
private struct RegisteredFact: Codable, Sendable {
    var attendeeId: Identifier
    var email: String
    var companyId: Identifier?
}

private struct AttendedFact: Codable, Sendable {
    var registrationId: Identifier
    var eventId: Identifier
    var attendeeId: Identifier
    var companyId: Identifier?
}

private struct EngagedFact: Codable, Sendable {
    var engagementId: Identifier
    var attendeeId: Identifier
    var companyId: Identifier?
    var contentType: String
    var contentId: Identifier
    var engagementType: String
    var engagementValue: Double?
    var engagedAt: Date
}

private struct ErasedFact: Codable, Sendable {
    var attendeeId: Identifier
}

/// One message to publish on batbern.events as if from attendees.
private struct FactMessage: Sendable {
    enum Body: Sendable {
        case registered(RegisteredFact)
        case attended(AttendedFact)
        case engaged(EngagedFact)
    }

    var id: Identifier
    var body: Body

    func send(_ client: TestClient) async throws {
        switch body {
        case .registered(let fact):
            try await client.send(.event("AttendeeRegistered", from: "attendees"), data: fact, id: id, aggregateId: fact.attendeeId.description)
        case .attended(let fact):
            try await client.send(.event("AttendanceRecorded", from: "attendees"), data: fact, id: id, aggregateId: fact.registrationId.description)
        case .engaged(let fact):
            try await client.send(.event("ContentEngaged", from: "attendees"), data: fact, id: id, aggregateId: fact.attendeeId.description)
        }
    }
}

private struct PlannedCompany: Sendable {
    var id = Identifier()
    var name: String
    var initialEmployees: Int?
}

/// A generated population of attendees, their facts, and what the partner
/// rows must be once all of them are in, whatever the order.
private struct FactPlan {
    static let finalEmployeesA = 40
    /// A's fee, given in StartPartnership; B's, given when it goes strategic.
    static let feeA = 8_000
    static let feeB = 30_000
    /// Suggestions backed and adopted (StrategicInputPlan): A backs its two
    /// and B's, one adopted; B backs its own and A's first, which is adopted.
    static let influenceA = (backed: 3, adopted: 1)
    static let influenceB = (backed: 2, adopted: 1)

    let a = PlannedCompany(name: "Alpha AG", initialEmployees: 50)
    let b = PlannedCompany(name: "Beta AG", initialEmployees: nil)
    let c = PlannedCompany(name: "Gamma AG", initialEmployees: 30)
    let d = PlannedCompany(name: "Delta AG", initialEmployees: 25)
    let e = PlannedCompany(name: "Epsilon AG", initialEmployees: 12)
    let n1 = PlannedCompany(name: "Nonpartner One AG", initialEmployees: 100)
    let n2 = PlannedCompany(name: "Nonpartner Two AG", initialEmployees: 7)
    /// A company nobody ever creates.
    let unknown = Identifier()

    var eventIds: [Identifier] = []
    var attendeeIds: [Identifier] = []
    /// attendee → its company (nil: none).
    var employer: [Identifier: Identifier?] = [:]
    /// Attendees partners can link to their company: an AttendeeRegistered
    /// or some fact names it.
    var linked: Set<Identifier> = []
    var attendances: [Identifier: AttendedFact] = [:]
    var engagements: [Identifier: EngagedFact] = [:]
    var messages: [FactMessage] = []

    var distinctAttendances: Int { attendances.count }
    var distinctEngagements: Int { engagements.count }

    static func generate(using random: inout SplitMix64) -> FactPlan {
        var plan = FactPlan()
        plan.eventIds = (0..<8).map { _ in Identifier() }
        let staff: [(Identifier?, Int)] = [
            (plan.a.id, 32), (plan.b.id, 28), (plan.c.id, 22), (plan.d.id, 22),
            (plan.n1.id, 28), (plan.n2.id, 16), (plan.unknown, 12), (nil, 16),
        ]
        let contentTypes = ["presentation", "video", "slides"]
        let engagementTypes = ["view", "download", "rating", "rating", "like"]
        var messages: [FactMessage] = []
        for (company, count) in staff {
            for _ in 0..<count {
                let attendee = Identifier()
                plan.attendeeIds.append(attendee)
                plan.employer[attendee] = company
                // How partners can learn the attendee's company: from its
                // AttendeeRegistered, from the facts that name it, or from a
                // single fact naming it (the others name none).
                let mode = Double.random(in: 0..<1, using: &random)
                let registers = mode < 0.6
                let single = mode >= 0.85
                func naming(_ share: Double, _ random: inout SplitMix64) -> Identifier? {
                    !single && Double.random(in: 0..<1, using: &random) < share ? company : nil
                }
                var attended: [AttendedFact] = []
                var repeated: [AttendedFact] = []
                var engaged: [EngagedFact] = []
                for event in plan.eventIds where Double.random(in: 0..<1, using: &random) < 0.5 {
                    let fact = AttendedFact(
                        registrationId: Identifier(), eventId: event, attendeeId: attendee, companyId: naming(0.6, &random)
                    )
                    attended.append(fact)
                    // The same fact published again (a repeated RecordAttendance).
                    if Double.random(in: 0..<1, using: &random) < 0.2 {
                        var again = fact
                        again.companyId = naming(0.5, &random)
                        repeated.append(again)
                    }
                }
                for _ in 0..<Int.random(in: 0...14, using: &random) {
                    let type = engagementTypes.randomElement(using: &random) ?? "view"
                    engaged.append(
                        EngagedFact(
                            engagementId: Identifier(), attendeeId: attendee, companyId: naming(0.5, &random),
                            contentType: contentTypes.randomElement(using: &random) ?? "video", contentId: Identifier(),
                            engagementType: type, engagementValue: type == "rating" ? Double(Int.random(in: 1...5, using: &random)) : nil,
                            engagedAt: Date()
                        ))
                }
                if single, !attended.isEmpty || !engaged.isEmpty {
                    let index = Int.random(in: 0..<(attended.count + engaged.count), using: &random)
                    if index < attended.count { attended[index].companyId = company } else { engaged[index - attended.count].companyId = company }
                }
                if registers {
                    let fact = RegisteredFact(attendeeId: attendee, email: "\(attendee)@example.ch", companyId: company)
                    messages.append(FactMessage(id: Identifier(), body: .registered(fact)))
                }
                for fact in attended { plan.attendances[fact.registrationId] = fact }
                for fact in engaged { plan.engagements[fact.engagementId] = fact }
                messages += (attended + repeated).map { FactMessage(id: Identifier(), body: .attended($0)) }
                messages += engaged.map { FactMessage(id: Identifier(), body: .engaged($0)) }
                let names = registers || (attended + repeated).contains { $0.companyId != nil } || engaged.contains { $0.companyId != nil }
                if names, company != nil { plan.linked.insert(attendee) }
            }
        }
        // Redeliveries: the very same message (same id) a second time.
        let redelivered = messages.filter { _ in Double.random(in: 0..<1, using: &random) < 0.3 }
        plan.messages = (messages + redelivered).shuffled(using: &random)
        return plan
    }

    func employees(of company: PlannedCompany) -> [Identifier] {
        attendeeIds.filter { employer[$0] == company.id }
    }

    /// The company a fact counts for: the one it names, or its attendee's link.
    private func owner(attendee: Identifier, named: Identifier?) -> Identifier? {
        named ?? (linked.contains(attendee) ? employer[attendee] ?? nil : nil)
    }

    func inputs(
        for company: PlannedCompany, tier: PartnershipTier, employees: Int?, fee: Int? = nil, influence: (backed: Int, adopted: Int) = (0, 0)
    ) -> AnalyticsInputs {
        var byEvent: [Identifier: Int] = [:]
        for fact in attendances.values where owner(attendee: fact.attendeeId, named: fact.companyId) == company.id {
            byEvent[fact.eventId, default: 0] += 1
        }
        let engaged = engagements.values.filter { owner(attendee: $0.attendeeId, named: $0.companyId) == company.id }
        return AnalyticsInputs(
            fee: fee ?? tier.defaultFee, employeeCount: employees, attendanceByEvent: byEvent, engagements: engaged.count,
            backedSuggestions: influence.backed, adoptedSuggestions: influence.adopted)
    }

    func expectedRows(
        for company: PlannedCompany, partnerId: Identifier, tier: PartnershipTier, employees: Int?? = nil, fee: Int? = nil,
        influence: (backed: Int, adopted: Int) = (0, 0)
    ) -> [AnalyticsRow] {
        AnalyticsFormulas.rows(
            partnerId: partnerId,
            inputs(for: company, tier: tier, employees: employees ?? company.initialEmployees, fee: fee, influence: influence))
    }

    func expectedFigures(
        for company: PlannedCompany, partnerId: Identifier, tier: PartnershipTier, employees: Int?? = nil, fee: Int? = nil,
        influence: (backed: Int, adopted: Int) = (0, 0)
    ) -> [Identifier?: AnalyticsFigures] {
        Dictionary(
            uniqueKeysWithValues: expectedRows(
                for: company, partnerId: partnerId, tier: tier, employees: employees, fee: fee, influence: influence
            ).map { ($0.eventId, $0.figures) })
    }

    var expectedTotals: [Identifier: Int] {
        Dictionary(
            uniqueKeysWithValues: [a, b, c, d].map { company in
                (company.id, inputs(for: company, tier: .gold, employees: nil).attendanceByEvent.values.reduce(0, +))
            })
    }

    /// Attendances counted for nobody's partner: the model must leave them out.
    var nonPartnerAttendances: Int {
        let partners = Set([a.id, b.id, c.id, d.id])
        return attendances.values.filter { fact in
            owner(attendee: fact.attendeeId, named: fact.companyId).map { !partners.contains($0) } ?? true
        }.count
    }
}

// MARK: - commands to the other contexts, as a client would send them

private struct RegisterAttendeeCommand: Codable, Sendable {
    var eventId: Identifier
    var email: String
    var firstName: String
    var lastName: String
    var companyId: Identifier?
    var gdprConsent: Bool
}

private struct RecordAttendanceCommand: Codable, Sendable {
    var registrationId: Identifier
}

private struct RecordEngagementCommand: Codable, Sendable {
    var attendeeId: Identifier
    var contentType: String
    var contentId: Identifier
    var engagementType: String
    var engagementValue: Double?
}

private struct CreateEventCommand: Codable, Sendable {
    var eventId: Identifier
    var eventNumber: Int
    var title: String
    var eventDate: Date
    var registrationDeadline: Date
    var venueName: String
    var venueAddress: String
    var venueCapacity: Int
    var organizerId: Identifier
}

private struct ScheduleSessionCommand: Codable, Sendable {
    var sessionId: Identifier
    var eventId: Identifier
    var title: String
    var sessionType: String
    var startTime: Date
    var endTime: Date
}

private struct RegisterSpeakerCommand: Codable, Sendable {
    var speakerId: Identifier
    var email: String
    var firstName: String
    var lastName: String
    var companyId: Identifier
}

private struct InviteSpeakerCommand: Codable, Sendable {
    var speakerId: Identifier
    var sessionId: Identifier
    var role: String
}

private struct RespondCommand: Codable, Sendable {
    var speakerId: Identifier
    var sessionId: Identifier
    var response: String
}

private struct ChangeStatusCommand: Codable, Sendable {
    var eventId: Identifier
    var status: String
}
