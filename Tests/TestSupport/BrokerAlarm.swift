/// Runs `body` while the local broker has a memory alarm raised, and clears
/// the alarm afterwards, also when `body` throws.
///
/// During the alarm RabbitMQ stops reading from every connection that
/// publishes: confirms and replies never come. That blocks the whole broker,
/// so only suites named `…OutageTests` (run under the exclusive lock) use it.
public func withBrokerAlarm<T>(_ body: () async throws -> T) async throws -> T {
    try await setMemoryWatermark("0.000001", alarmed: true)
    let result: T
    do {
        result = try await body()
    } catch {
        try? await setMemoryWatermark("0.4", alarmed: false)
        throw error
    }
    try await setMemoryWatermark("0.4", alarmed: false)
    return result
}

/// Sets the watermark and waits until the broker's alarm agrees.
private func setMemoryWatermark(_ fraction: String, alarmed: Bool) async throws {
    try await runLocalScript("rabbitmq.sh", "ctl", "set_vm_memory_high_watermark", fraction)
    try await eventually(alarmed ? "memory alarm raised" : "memory alarm cleared", timeout: .seconds(30), every: .milliseconds(250)) {
        let alarms = try await runLocalScript("rabbitmq.sh", "ctl", "eval", "rabbit_alarm:get_alarms().")
        return alarms.contains("memory") == alarmed
    }
}
