/// The shape of a language tag as speakers accepts it (a subset of BCP 47):
/// a primary language of 2 or 3 ASCII letters, then up to three subtags of
/// 2 to 8 letters or digits, joined by `-`: `de`, `en`, `de-CH`, `zh-Hant-TW`.
enum LanguageTag {
    static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = parts.first, (2...3).contains(primary.count), primary.unicodeScalars.allSatisfy(isLetter),
            parts.count <= 4
        else { return false }
        return parts.dropFirst().allSatisfy { part in
            (2...8).contains(part.count) && part.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) }
        }
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
