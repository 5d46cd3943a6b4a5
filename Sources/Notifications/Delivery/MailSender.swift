/// Who the mails come from: `BATBERN_NOTIFICATIONS_FROM` (an address) and a
/// display name. The address's domain names the Message-IDs.
public struct MailSender: Sendable, Equatable {
    public let name: String
    public let address: String

    public init(name: String = "BATbern", address: String = "noreply@batbern.ch") {
        self.name = name
        self.address = address
    }

    public var domain: String {
        address.split(separator: "@").last.map(String.init) ?? "batbern.ch"
    }
}
