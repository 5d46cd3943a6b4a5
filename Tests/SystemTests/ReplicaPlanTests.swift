import Testing
import WorkerHost

/// `batbern run --replicas`, without processes: what it reads, what it
/// refuses, and that no two workers are given the same port.
@Suite struct ReplicaPlanTests {
    @Test func aPlainNumberCountsForEveryContextAndANamedOneWins() throws {
        #expect(ReplicaPlan().replicas(httpPortBase: 9101).map(\.name) == BoundedContext.allCases.map(\.rawValue))
        let three = try ReplicaPlan(parsing: "3")
        #expect(BoundedContext.allCases.allSatisfy { three.count(of: $0) == 3 })
        let mixed = try ReplicaPlan(parsing: "2, attendees=4,events=1")
        #expect(mixed.count(of: .attendees) == 4 && mixed.count(of: .events) == 1 && mixed.count(of: .partners) == 2)
        let one = try ReplicaPlan(parsing: "attendees=3")
        #expect(one.count(of: .attendees) == 3 && one.count(of: .companies) == 1)
    }

    @Test func replicasTakeTheContextsPortPlusTenPerReplicaAndNeverCollide() throws {
        let plan = try ReplicaPlan(parsing: "3")
        let replicas = plan.replicas(httpPortBase: 9101)
        #expect(replicas.count == 18)
        let attendees = replicas.filter { $0.context == .attendees }
        #expect(attendees.map(\.name) == ["attendees", "attendees-2", "attendees-3"])
        #expect(attendees.map(\.httpPort) == [9105, 9115, 9125])
        #expect(Set(replicas.map(\.httpPort)).count == replicas.count, "no two workers share a port")
        #expect(Set(replicas.map(\.name)).count == replicas.count)
        let most = try ReplicaPlan(parsing: "\(ReplicaPlan.maxReplicas)").replicas(httpPortBase: 20000)
        #expect(Set(most.map(\.httpPort)).count == most.count)
        #expect(plan.replicas(httpPortBase: 0).allSatisfy { $0.httpPort == 0 }, "0: each picks a free port")
        #expect(plan.highestPort(httpPortBase: 9101) == 9126)
    }

    @Test func badCountsAndUnknownContextsAreRefusedWithAReason() {
        for text in ["0", "21", "three", "attendees=", "", "2,,3"] {
            #expect(throws: ReplicaPlanError("each count is a whole number in 1...20"), "\(text)") { try ReplicaPlan(parsing: text) }
        }
        #expect(throws: ReplicaPlanError.self) { try ReplicaPlan(parsing: "visitors=2") }
        do {
            _ = try ReplicaPlan(parsing: "visitors=2")
        } catch {
            #expect("\(error)".hasPrefix("visitors is no context"))
        }
    }
}
