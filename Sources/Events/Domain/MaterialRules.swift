public import Foundation
public import Identifiers
public import Messaging

public enum MaterialDecision: Sendable, Equatable {
    /// A new material, to store.
    case add(SessionMaterial)
    /// The command repeats a material that exists (or a removal that
    /// happened): answer with it, change nothing.
    case existing(SessionMaterial)
}

/// Session materials: who may hand them in, and what a material must say.
public enum MaterialRules {
    /// Materials per session, so a programme stays a message of modest size.
    public static let maxPerSession = 20
    public static let fileNameLimit = 255
    public static let mimeTypeLimit = 100
    public static let storageKeyLimit = 500
    public static let urlLimit = 2000
    /// 10 GiB: a recorded talk fits.
    public static let maxFileSize: Int64 = 10 * 1024 * 1024 * 1024

    /// AddSessionMaterial. `existingWithId`: the material stored under the
    /// command's materialId; `confirmedSpeakers`: the speakers holding a
    /// confirmed slot of the session; `count`: its materials not removed.
    public static func add(
        _ command: AddSessionMaterial, newId: Identifier, session: Session?, event: Event?, existingWithId: SessionMaterial?,
        confirmedSpeakers: Set<Identifier>, count: Int, now: Date
    ) throws(CommandRejection) -> MaterialDecision {
        if let existing = existingWithId {
            guard existing.sessionId == command.sessionId else {
                throw CommandRejection("material_exists", "material \(existing.id) belongs to another session")
            }
            return .existing(existing)
        }
        guard let session, let event else { throw CommandRejection("unknown_session", "no session \(command.sessionId)") }
        guard session.status == .scheduled else {
            throw CommandRejection("session_cancelled", "session \(session.id) is cancelled")
        }
        if event.status == .cancelled { throw CommandRejection("event_cancelled", "event \(event.id) is cancelled") }
        if event.status == .archived { throw CommandRejection("event_archived", "event \(event.id) is archived; its sessions are fixed") }
        let role = try permitted(command.actorRole, actorId: command.actorId, confirmedSpeakers: confirmedSpeakers)
        guard let kind = MaterialKind(rawValue: command.kind) else {
            throw CommandRejection("invalid_material_kind", "kind must be one of \(MaterialKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var material = SessionMaterial(
            id: command.materialId ?? newId, sessionId: session.id, eventId: event.id, kind: kind, addedBy: command.actorId,
            addedByRole: role, addedAt: now
        )
        if kind.isFile {
            guard command.url == nil else { throw CommandRejection("url_not_allowed", "a \(kind.rawValue) is a file: give no url") }
            material.fileName = try Validate.required(command.fileName ?? "", "file_name", max: fileNameLimit)
            material.mimeType = try mimeType(command.mimeType)
            material.fileSizeBytes = try fileSize(command.fileSizeBytes)
            material.storageKey = try Validate.required(command.storageKey ?? "", "storage_key", max: storageKeyLimit)
        } else {
            guard command.fileName == nil, command.mimeType == nil, command.fileSizeBytes == nil, command.storageKey == nil else {
                throw CommandRejection("file_not_allowed", "a link has a url, not a file name, MIME type, size or storage key")
            }
            material.url = try url(command.url)
        }
        guard count < maxPerSession else {
            throw CommandRejection("too_many_materials", "a session has at most \(maxPerSession) materials")
        }
        return .add(material)
    }

    /// RemoveSessionMaterial: by an organiser or a confirmed speaker of the
    /// session, whatever state the session and event are in (a takedown
    /// must not wait). A material already removed is answered as it was.
    /// `first` is false for a material removed before (its removal is the first one).
    public static func remove(
        _ command: RemoveSessionMaterial, material: SessionMaterial?, confirmedSpeakers: Set<Identifier>, now: Date
    ) throws(CommandRejection) -> (material: SessionMaterial, removal: MaterialRemoval, first: Bool) {
        guard let material, material.sessionId == command.sessionId else {
            throw CommandRejection("unknown_material", "no material \(command.materialId) in session \(command.sessionId)")
        }
        let role = try permitted(command.actorRole, actorId: command.actorId, confirmedSpeakers: confirmedSpeakers)
        if let removal = material.removal { return (material, removal, false) }
        return (material, MaterialRemoval(by: command.actorId, role: role, at: now), true)
    }

    /// An organiser, or a speaker confirmed for the session.
    static func permitted(_ roleText: String, actorId: Identifier, confirmedSpeakers: Set<Identifier>) throws(CommandRejection) -> ActorRole {
        guard let role = ActorRole(rawValue: roleText) else {
            throw CommandRejection("invalid_actor_role", "actorRole must be one of \(ActorRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if role == .speaker && !confirmedSpeakers.contains(actorId) {
            throw CommandRejection("not_a_confirmed_speaker", "only an organiser or a confirmed speaker of the session may change its materials")
        }
        return role
    }

    /// `type/subtype` of RFC 6838's restricted names (parameters not allowed).
    static func mimeType(_ text: String?) throws(CommandRejection) -> String {
        let value = try Validate.required(text ?? "", "mime_type", max: mimeTypeLimit)
        let name = "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
        guard value.range(of: "^\(name)/\(name)$", options: .regularExpression) != nil else {
            throw CommandRejection("invalid_mime_type", "mimeType must look like type/subtype, e.g. application/pdf")
        }
        return value
    }

    static func fileSize(_ value: Int64?) throws(CommandRejection) -> Int64 {
        guard let value else { throw CommandRejection("file_size_required", "a file needs fileSizeBytes") }
        guard (1...maxFileSize).contains(value) else {
            throw CommandRejection("invalid_file_size", "fileSizeBytes must be between 1 and \(maxFileSize)")
        }
        return value
    }

    /// An absolute http or https URL with a host, no spaces or control characters.
    static func url(_ text: String?) throws(CommandRejection) -> String {
        let value = try Validate.required(text ?? "", "url", max: urlLimit)
        guard !value.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }),
            let components = URLComponents(string: value), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { throw CommandRejection("invalid_url", "url must be an absolute http or https URL") }
        return value
    }
}
