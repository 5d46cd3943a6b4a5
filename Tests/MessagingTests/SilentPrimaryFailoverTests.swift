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
    static let pair = FailoverProbe.pairURL + "&connect_timeout=2&tcp_user_timeout=3000&keepalives_idle=1&keepalives_interval=1&keepalives_count=2"

    @Test func aPrimaryThatGoesSilentIsLeftForThePromotedStandby() async throws {
        try await FailoverProbe.with(server: Self.pair, holdMilliseconds: 5) { probe in
            let silenced = ContinuousClock.now
            try await withSilentPort(5442) {
                try await runLocalScript("standby.sh", "promote")
                try await probe.expectEachAppliedOnceOnThePromotedStandby()
                print("silent primary: all \(probe.count) handled and published \(ContinuousClock.now - silenced) after its port went silent")
                // The old primary must not come back beside the promoted standby.
                try await runLocalScript("standby.sh", "kill-primary")
            }
        }
    }
}
