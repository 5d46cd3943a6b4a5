/// Column lengths of `partner_contacts`.
public enum ContactLimits {
    public static let name = 255
    public static let email = 255
    public static let role = 100
    public static let phone = 50
}
