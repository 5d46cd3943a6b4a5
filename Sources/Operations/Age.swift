/// A time span as an operator reads it at a glance: `850ms`, `42s`, `5m`, `3h`, `2d`.
public enum Age {
    public static func text(seconds: Double) -> String {
        let seconds = max(0, seconds)
        switch seconds {
        case ..<1: return "\(Int((seconds * 1000).rounded()))ms"
        case ..<60: return "\(Int(seconds))s"
        case ..<3600: return "\(Int(seconds / 60))m"
        case ..<86_400: return "\(Int(seconds / 3600))h"
        default: return "\(Int(seconds / 86_400))d"
        }
    }
}
