/// A company's headquarters address. City and country are what an address
/// needs to place a company; street and postal code are optional.
/// `country` is an ISO 3166-1 alpha-2 code in upper case (`CH`).
public struct Address: Sendable, Hashable, Codable {
    public var street: String?
    public var postalCode: String?
    public var city: String
    public var country: String

    public init(street: String? = nil, postalCode: String? = nil, city: String, country: String) {
        self.street = street
        self.postalCode = postalCode
        self.city = city
        self.country = country
    }

    /// Every member written, absent ones as null, so a consumer reads one shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(street, forKey: .street)
        try container.encode(postalCode, forKey: .postalCode)
        try container.encode(city, forKey: .city)
        try container.encode(country, forKey: .country)
    }
}
