import Foundation
import KernelProbe
import Messaging
import Postgres
import TestSupport
import Testing

/// The primary's machine or network goes silent: no reset, no FIN, packets
/// simply vanish (iptables drops everything to and from its port). A
/// statement in flight then gets no answer and no error; without a TCP user
/// timeout the worker would wait for the kernel's retransmissions (about 15
/// minutes) before it even tried the promoted standby. Runs in the Failover
/// phase of deploy/local/test.sh, on standby.sh's pair, which no other test
/// uses at the same time.
@Suite(.serialized) struct SilentPrimaryFailoverTests {
    static let pair =
        "postgresql://batbern_test:batbern_test-dev-secret@127.0.0.1:5442,127.0.0.1:5443/batbern_test"
        + "?target_session_attrs=read-write&connect_timeout=2&tcp_user_timeout=3000"
        + "&keepalives_idle=1&keepalives_interval=1&keepalives_count=2"

    @Test func aPrimaryThatGoesSilentIsLeftForThePromotedStandby() async throws {
        try await runLocalScript("standby.sh", "up", timeout: .seconds(180))
        let name = uniqueName("silent").replacingOccurrences(of: "-", with: "")
        let fixture = try await WorkerFixture.make(KernelProbe.definition(name: name), context: "probe", server: Self.pair) {
            $0.consumer.reconnect = .init(initial: .milliseconds(100), maximum: .seconds(1))
            $0.relay.reconnect = .init(initial: .milliseconds(100), maximum: .seconds(1))
            $0.scheduler.reconnect = .init(initial: .milliseconds(100), maximum: .seconds(1))
        }
        try await fixture.start()
        let tap = try await EventTap.open(bindings: ["\(fixture.name).Touched"])
        let client = try await TestClient.connect()
        let count = 300
        let sender = Task {
            for n in 0..<count {
                try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: n, holdMilliseconds: 5))
            }
        }
        try await eventually("messages flowing", timeout: .seconds(60)) { try await fixture.count("SELECT count(*) FROM probe_effects") > 30 }

        let silenced = ContinuousClock.now
        try await withSilentPort(5442) {
            try await runLocalScript("standby.sh", "promote")
            try await sender.value
            try await eventually("all handled on the promoted standby", timeout: .seconds(90)) {
                (try? await fixture.count("SELECT count(*) FROM probe_effects")) == count
            }
            let recovered = ContinuousClock.now - silenced
            #expect(try await fixture.count("SELECT count(DISTINCT n) FROM probe_effects") == count, "nothing applied twice")
            #expect(try await fixture.count("SELECT inet_server_port()") == 5443)
            try await eventually("all published", timeout: .seconds(60)) {
                Set(tap.messages("\(fixture.name).Touched").map(\.properties.messageId)).count == count
            }
            #expect(fixture.metric("batbern_messages_parked_total") == 0, "nothing parked for the failover")
            print("silent primary: all \(count) handled \(recovered) after its port went silent (tcp_user_timeout 3 s)")
            // The old primary must not come back beside the promoted standby.
            try await runLocalScript("standby.sh", "kill-primary")
        }
        await tap.close()
        await client.close()
        try await fixture.tearDown()
    }

    /// Drops every packet to and from `port` on loopback while `body` runs,
    /// and lets them through again whatever happens.
    private func withSilentPort(_ port: Int, _ body: () async throws -> Void) async throws {
        let rules = [["-p", "tcp", "--dport", String(port), "-j", "DROP"], ["-p", "tcp", "--sport", String(port), "-j", "DROP"]]
        for rule in rules {
            let added = try await runProgram(["iptables", "-I", "INPUT"] + rule, timeout: .seconds(30))
            try #require(added.status == 0, "iptables: \(added.output)")
        }
        do {
            try await body()
        } catch {
            for rule in rules { _ = try? await runProgram(["iptables", "-D", "INPUT"] + rule, timeout: .seconds(30)) }
            throw error
        }
        for rule in rules {
            let removed = try await runProgram(["iptables", "-D", "INPUT"] + rule, timeout: .seconds(30))
            #expect(removed.status == 0, "iptables: \(removed.output)")
        }
    }
}
