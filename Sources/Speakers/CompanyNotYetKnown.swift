/// CompanyDeactivated for a company speakers has no copy of yet (its
/// CompanyCreated is being retried). The kernel retries it until the copy exists.
struct CompanyNotYetKnown: Error, CustomStringConvertible {
    let description: String
}
