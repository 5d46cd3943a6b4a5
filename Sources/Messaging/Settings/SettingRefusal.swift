/// Why a setting's text was refused, e.g. "0 is out of range". Quotes the
/// text only where its shape is known to be harmless (digits, a duration).
public struct SettingRefusal: Error, Equatable {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }
}
