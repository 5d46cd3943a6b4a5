import Messaging

/// The reason code `body` was rejected with; nil when it was not.
func rejectionReason(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let rejection as CommandRejection {
        return rejection.reason
    } catch {
        return "unexpected \(error)"
    }
}
