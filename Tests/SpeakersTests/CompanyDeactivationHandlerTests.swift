import Foundation
import Identifiers
import Messaging
import TestSupport
import Testing

@testable import Speakers

/// companies.CompanyDeactivated marks speakers' copy of the company inactive.
@Suite("Speakers: deactivated companies")
struct CompanyDeactivationHandlerTests {
    func withHarness(_ body: (HandlerHarness) async throws -> Void) async throws {
        try await HandlerHarness.with(worker: SpeakersWorker.definition(SpeakersHandlerTests.settings), context: "speakers", body)
    }

    func deactivated(_ h: HandlerHarness, _ company: Identifier, at: Date) async throws -> HarnessResult {
        try await h.send(
            .event("CompanyDeactivated", from: "companies"), data: CompanyDeactivated(companyId: company, deactivatedAt: at), now: at + 1
        )
    }

    func copy(_ h: HandlerHarness, _ company: Identifier) async throws -> (active: Bool, at: Date?)? {
        try await h.query("SELECT is_active, deactivated_at FROM companies WHERE id = $1", [company]).first.map {
            (try $0.decode(Bool.self, column: "is_active"), try $0.decode(Date?.self, column: "deactivated_at"))
        }
    }

    @Test func theCopyIsMarkedInactiveOnceAndStaysSo() async throws {
        try await withHarness { h in
            let company = Identifier()
            _ = try await h.send(.event("CompanyCreated", from: "companies"), data: CompanyCreated(companyId: company, name: "Acme AG"), now: t0)
            let first = try await deactivated(h, company, at: t0 + 10)
            #expect(first.outcome == .handled && first.published.isEmpty)
            #expect(try await copy(h, company)?.active == false)
            #expect(try await copy(h, company)?.at == t0 + 10)
            // Another message with the same news, and a late CompanyCreated, keep it inactive since t0 + 10.
            _ = try await deactivated(h, company, at: t0 + 20)
            _ = try await h.send(.event("CompanyCreated", from: "companies"), data: CompanyCreated(companyId: company, name: "Acme AG"), now: t0 + 30)
            #expect(try await copy(h, company)?.active == false)
            #expect(try await copy(h, company)?.at == t0 + 10)
        }
    }

    @Test func aCompanyNotYetCopiedIsRetriedNotForgotten() async throws {
        try await withHarness { h in
            let early = try await deactivated(h, Identifier(), at: t0)
            guard case .failed = early.outcome else {
                Issue.record("expected a failure the kernel retries, got \(early.outcome)")
                return
            }
        }
    }
}
