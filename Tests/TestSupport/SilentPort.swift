/// Drops every packet to and from `port` on loopback while `body` runs (a
/// machine or network gone silent: no reset, no FIN), and lets them through
/// again whatever happens. Needs iptables (deploy/local/install.sh).
public func withSilentPort(_ port: Int, _ body: () async throws -> Void) async throws {
    let rules = [["-p", "tcp", "--dport", String(port), "-j", "DROP"], ["-p", "tcp", "--sport", String(port), "-j", "DROP"]]
    for rule in rules {
        let added = try await runProgram(["iptables", "-I", "INPUT"] + rule, timeout: .seconds(30))
        guard added.status == 0 else { throw ScriptFailed(script: "iptables -I", status: added.status, output: added.output) }
    }
    try await withCleanup(body) {
        for rule in rules {
            let removed = try await runProgram(["iptables", "-D", "INPUT"] + rule, timeout: .seconds(30))
            guard removed.status == 0 else { throw ScriptFailed(script: "iptables -D", status: removed.status, output: removed.output) }
        }
    }
}
