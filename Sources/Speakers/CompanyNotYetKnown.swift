/// CompanyUpdated or CompanyDeactivated about a company speakers has no copy
/// of yet (its CompanyCreated is late or being retried). The kernel retries it
/// until the copy exists.
struct CompanyNotYetKnown: Error, CustomStringConvertible {
    let description: String
}
