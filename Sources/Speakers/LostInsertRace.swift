/// A row another transaction created between our check and our insert. The
/// kernel retries; the retry finds the row and answers accordingly.
struct LostInsertRace: Error, CustomStringConvertible {
    let description: String
}
