import Foundation
import TestSupport
import Testing

/// The container and Kubernetes files are not run on the development
/// machine (no container engine), so their safety properties are read from
/// the text: pinned images, no secret on a command line, locked-down pods,
/// workers on their worker roles.
@Suite struct DeploymentManifestTests {
    static let deploy = TestServers.repositoryRoot.appendingPathComponent("deploy")

    static func read(_ path: String) throws -> String {
        try String(contentsOf: deploy.appendingPathComponent(path), encoding: .utf8)
    }

    static func kubernetesFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: deploy.appendingPathComponent("kubernetes").path)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "kubernetes/\($0)" }
    }

    static func manifests() throws -> [String] { try ["container/compose.yaml"] + kubernetesFiles() }

    /// Lines without their `#` comments (a `#` inside a value is not expected here).
    static func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n").map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
    }

    /// The value of every `key:` line, with the block list items indented under it.
    static func values(of key: String, in text: String) -> [String] {
        let all = lines(text)
        var found: [String] = []
        for (index, line) in all.enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "-" }
            guard trimmed.hasPrefix("\(key):") else { continue }
            var value = String(trimmed.dropFirst(key.count + 1))
            let indent = line.prefix { $0 == " " }.count
            for next in all[(index + 1)...] {
                guard next.prefix(while: { $0 == " " }).count > indent, next.trimmingCharacters(in: .whitespaces).hasPrefix("-") else { break }
                value += " " + next.trimmingCharacters(in: .whitespaces)
            }
            found.append(value.trimmingCharacters(in: .whitespaces))
        }
        return found
    }

    @Test func everyImageIsPinned() throws {
        var images: [String] = []
        for file in try Self.manifests() {
            images += Self.values(of: "image", in: try Self.read(file))
        }
        images += try Self.read("container/Dockerfile").split(separator: "\n")
            .filter { $0.hasPrefix("FROM ") }.map { String($0.split(separator: " ")[1]) }
        #expect(images.count > 5)
        for image in images {
            let reference = image.trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
            let name = reference.split(separator: "/").last.map(String.init) ?? reference
            #expect(name.contains(":") || name.contains("@sha256:"), "\(reference) names a tag or digest")
            #expect(!name.hasSuffix(":latest"), "\(reference) is not :latest")
        }
    }

    @Test func noSecretIsOnACommandLine() throws {
        // user:password@ in a URL, or words that go with secrets.
        let credentials = try Regex(#"://[^/\s:@"]+:[^@\s"]+@"#)
        for file in try Self.manifests() {
            let text = try Self.read(file)
            for key in ["command", "args", "entrypoint", "test"] {
                for value in Self.values(of: key, in: text) {
                    #expect(value.firstMatch(of: credentials) == nil, "\(file) \(key): \(value)")
                    for word in ["password", "secret", "change-me", "REPLACE"] {
                        #expect(!value.localizedCaseInsensitiveContains(word), "\(file) \(key): \(value)")
                    }
                }
            }
        }
        // Compose takes every password from .env, none is written in it.
        let compose = try Self.read("container/compose.yaml")
        for line in Self.lines(compose) where line.contains("PASSWORD:") || line.contains("_URL:") {
            #expect(line.contains("${") || !line.contains("@"), "a literal secret: \(line)")
            if line.contains("PASSWORD:") { #expect(line.contains("${"), "a literal password: \(line)") }
        }
    }

    @Test func podsRunAsTheImagesUnprivilegedUser() throws {
        #expect(try Self.read("container/Dockerfile").contains("USER 10001:10001"))
        let files = try Self.kubernetesFiles()
        #expect(!files.isEmpty)
        for file in files {
            for document in try Self.read(file).components(separatedBy: "\n---") where document.contains("containers:") {
                let kind = Self.values(of: "kind", in: document).first ?? "?"
                let pod = Self.lines(document).map { $0.trimmingCharacters(in: .whitespaces) }
                for required in [
                    "runAsNonRoot: true", "runAsUser: 10001", "seccompProfile: { type: RuntimeDefault }",
                    "automountServiceAccountToken: false",
                ] {
                    #expect(pod.contains(required), "\(file) \(kind): \(required)")
                }
                let containers = Self.values(of: "image", in: document).count
                #expect(containers > 0)
                for required in ["readOnlyRootFilesystem: true", "allowPrivilegeEscalation: false", #"capabilities: { drop: ["ALL"] }"#] {
                    #expect(pod.filter { $0 == required }.count == containers, "\(file) \(kind): \(required) for every container")
                }
                if kind == "Deployment" {
                    #expect(
                        Self.values(of: "terminationGracePeriodSeconds", in: document) == ["30"],
                        "\(file): 30 s, above the workers' 25 s shutdown deadline")
                }
            }
        }
    }

    @Test func workersConnectAsTheirWorkerRoleAndMigrationsAsTheOwner() throws {
        let url = try Regex(#"BATBERN_([A-Z]+)_(MIGRATION_)?DATABASE_URL: *postgres://([a-z_]+):"#)
        var seen: [String: Int] = [:]
        for file in try Self.manifests() {
            let text = try Self.read(file)
            #expect(!text.contains("POSTGRES_USER: batbern"), "\(file): no worker is the database's superuser")
            for line in Self.lines(text) {
                guard let match = line.firstMatch(of: url) else { continue }
                let context = String(match.output[1].substring ?? "").lowercased()
                let migration = match.output[2].substring != nil
                let role = String(match.output[3].substring ?? "")
                #expect(role == (migration ? "batbern_\(context)" : "batbern_\(context)_worker"), "\(file): \(line)")
                seen[migration ? "migration" : "worker", default: 0] += 1
            }
        }
        #expect(seen["worker", default: 0] >= 6, "five compose workers and the Kubernetes one")
        #expect(seen["migration", default: 0] >= 6)

        // The Job and the Deployment of a worker read different secrets.
        for file in try Self.kubernetesFiles() where try Self.read(file).contains("kind: Deployment") {
            let refs = Self.lines(try Self.read(file)).compactMap { line -> String? in
                guard let range = line.range(of: "secretRef: { name: ") else { return nil }
                return String(line[range.upperBound...].prefix { $0 != " " && $0 != "}" })
            }
            #expect(Set(refs).count == refs.count && refs.count >= 2, "\(file): one secret for the migration, one for the worker")
        }
    }
}
