public import Foundation
import Synchronization

/// A real SMTP server of the test's own on loopback (Tests/python/smtp_sink.py,
/// aiosmtpd): every mail it accepts lands in a Maildir the test reads. It
/// can be stopped and started again on the same port, refuse some
/// recipients with 550, hold the first mail's 250 back, close or refuse a
/// connection after some mails, and counts the connections it served.
public final class SMTPSink: Sendable {
    public let port: Int
    public let maildir: URL
    private let options: [String]
    private let process: Mutex<Process?>

    /// - Parameters:
    ///   - reject: recipients containing this text are answered 550.
    ///   - delayFirst: seconds the first mail's 250 is held back (it is in the Maildir meanwhile).
    ///   - closeAfter: a connection is closed right after its k-th mail's 250 (an idle timeout, a restart).
    ///   - refuseAfter: a connection's MAIL FROM after k mails is answered 421 and the connection closed.
    public static func start(
        reject: String? = nil, delayFirst: Double? = nil, closeAfter: Int? = nil, refuseAfter: Int? = nil
    ) async throws -> SMTPSink {
        let maildir = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("maildir"))
        var options: [String] = []
        if let reject { options += ["--reject", reject] }
        if let delayFirst { options += ["--delay-first", String(delayFirst)] }
        if let closeAfter { options += ["--close-after", String(closeAfter)] }
        if let refuseAfter { options += ["--refuse-after", String(refuseAfter)] }
        // A port between 40000 and 44999, away from the workers' and the
        // kernel's ephemeral ports; tried again if taken.
        for _ in 0..<10 {
            let sink = SMTPSink(port: Int.random(in: 40_000...44_999), maildir: maildir, options: options)
            if (try? await sink.start()) != nil { return sink }
        }
        throw TimedOut(what: "a free port for the SMTP sink")
    }

    private init(port: Int, maildir: URL, options: [String]) {
        self.port = port
        self.maildir = maildir
        self.options = options
        self.process = Mutex(nil)
    }

    /// `BATBERN_SMTP_URL` for the notifications worker.
    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// Starts the server (again) and waits until it listens.
    public func start() async throws {
        let script = TestServers.repositoryRoot.appendingPathComponent("Tests/python/smtp_sink.py").path
        let running = Process()
        // Debian's python3, where python3-aiosmtpd is.
        running.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        running.arguments = [script, String(port), maildir.path] + options
        running.standardOutput = FileHandle.nullDevice
        running.standardError = FileHandle.nullDevice
        try runWithStandardDescriptorsOnly(running)
        let port = port
        do {
            try await eventually("the SMTP sink greets on port \(port)", timeout: .seconds(10), every: .milliseconds(50)) {
                guard running.isRunning else { throw TimedOut(what: "the SMTP sink: it exited (port \(port) taken?)") }
                return smtpGreets(port: port)
            }
        } catch {
            running.terminate()
            throw error
        }
        process.withLock { $0 = running }
    }

    /// Stops the server (connections are refused until `start`).
    public func stop() {
        guard let running = process.withLock({ $0.take() }) else { return }
        running.terminate()
        running.waitUntilExit()
    }

    /// Every mail received so far, oldest first.
    public func mails() -> [ReceivedMail] {
        let folder = maildir.appendingPathComponent("new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.compactMap { name -> (Date, ReceivedMail)? in
            let file = folder.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
            let date = (try? FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date) ?? Date()
            return (date, ReceivedMail(String(decoding: data, as: UTF8.self)))
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// SMTP sessions served so far: connections that said EHLO (the
    /// readiness probes never do).
    public func sessions() -> Int { logged("session") }

    /// QUIT commands received so far: connections the client closed politely.
    public func quits() -> Int { logged("quit") }

    private func logged(_ event: String) -> Int {
        let log = FileManager.default.contents(atPath: maildir.appendingPathComponent("sink.log").path) ?? Data()
        return String(decoding: log, as: UTF8.self).split(separator: "\n").filter { $0 == event }.count
    }

    /// Stops the server and removes the Maildir.
    public func tearDown() {
        stop()
        try? FileManager.default.removeItem(at: maildir)
    }
}

/// Whether an SMTP server on loopback `port` sends its 220 greeting.
func smtpGreets(port: Int) -> Bool {
    guard let fd = loopbackConnection(port: port, timeout: .seconds(1)) else { return false }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 3)
    return read(fd, &buffer, 3) == 3 && buffer == Array("220".utf8)
}
