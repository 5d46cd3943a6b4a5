import Foundation

/// How a suggestion's title is matched with events' topics (docs/analytics.md,
/// "Strategic input"): case and accents ignored, every run of characters
/// that are neither letters nor digits one space, trimmed. "Kubernetes:
/// Operators!" and "kubernetes  operators" match; "Zürich" and "zurich" too.
public enum TopicTitle {
    public static func normalized(_ title: String) -> String {
        var result = ""
        var pendingSpace = false
        for scalar in title.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            let properties = scalar.properties
            if properties.generalCategory == .nonspacingMark { continue }
            if properties.isAlphabetic || properties.numericType != nil {
                if pendingSpace, !result.isEmpty { result.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingSpace = true
            }
        }
        return result
    }
}
