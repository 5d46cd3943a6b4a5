import Foundation
import Identifiers
import TestSupport
import Testing

@testable import Notifications

/// The SMTP sink `deploy/local/up.sh` starts for the local system
/// (`deploy/local/smtp.sh`): a mail the production transport sends lands in
/// its Maildir. Run on a port and Maildir of the test's own.
@Suite struct LocalSMTPSinkTests {
    @Test func theLocalSinkAcceptsAMailIntoItsMaildir() async throws {
        try await withLocalSink { port, maildir in
            let transport = try SMTPTransport(server: #require(SMTPServer(url: "smtp://127.0.0.1:\(port)")), sender: MailSender())
            let session = SMTPSession(transport: transport)
            let mail = OutgoingMail(
                id: Identifier(), kind: "registration_confirmed", to: "ada@example.ch", language: "de", subject: "Anmeldung bestätigt",
                text: "Grüezi\n", html: "<p>Grüezi</p>\n", createdAt: Date()
            )
            let outcome = await session.send(mail)
            await session.close()
            #expect(outcome == .sent)
            let new = maildir.appendingPathComponent("new").path
            try await eventually("the mail in new/", timeout: .seconds(10)) {
                !((try? FileManager.default.contentsOfDirectory(atPath: new)) ?? []).isEmpty
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: new).count == 1)
        }
    }

    /// Starts `smtp.sh up` on a free port with a Maildir path that does not
    /// exist yet (as on a fresh machine), runs `body`, and stops it whatever happens.
    private func withLocalSink(_ body: (Int, URL) async throws -> Void) async throws {
        let maildir = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("local-maildir"))
        defer { try? FileManager.default.removeItem(at: maildir) }
        let port = Int.random(in: 45_000...49_999)
        let script = TestServers.repositoryRoot.appendingPathComponent("deploy/local/smtp.sh").path
        let environment = ["/usr/bin/env", "BATBERN_SMTP_PORT=\(port)", "BATBERN_MAILDIR=\(maildir.path)", script]
        let started = try await runProgram(environment + ["up"], timeout: .seconds(30))
        try #require(started.status == 0, "smtp.sh up: \(started.output)")
        do {
            try await body(port, maildir)
        } catch {
            _ = try? await runProgram(environment + ["stop"], timeout: .seconds(30))
            throw error
        }
        let stopped = try await runProgram(environment + ["stop"], timeout: .seconds(30))
        #expect(stopped.status == 0, "smtp.sh stop: \(stopped.output)")
    }
}
