/// `headquarters` as a command gives it: every member optional, so a missing
/// city or country is answered `missing_field`, not parked as undecodable.
public struct AddressInput: Codable, Sendable, Hashable {
    public var street: String?
    public var postalCode: String?
    public var city: String?
    public var country: String?

    public init(street: String? = nil, postalCode: String? = nil, city: String?, country: String?) {
        self.street = street
        self.postalCode = postalCode
        self.city = city
        self.country = country
    }
}
