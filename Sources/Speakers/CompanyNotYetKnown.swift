/// CompanyUpdated about a company speakers has not heard of yet (delivered
/// before CompanyCreated). The kernel retries it until the company arrives.
struct CompanyNotYetKnown: Error, CustomStringConvertible {
    let description: String
}
