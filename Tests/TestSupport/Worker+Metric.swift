public import Messaging

extension Worker {
    /// One of the worker's metrics as Prometheus reports it (0 when absent);
    /// with `label` (`kind="deadlock"`), the series that carries it.
    public func metric(_ name: String, labelled label: String? = nil) -> Double {
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix(name + "{") {
            if let label, !line.contains(label) { continue }
            if let value = line.split(separator: " ").last.flatMap({ Double($0) }) { return value }
        }
        return 0
    }
}
