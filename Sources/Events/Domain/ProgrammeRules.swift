import Foundation
public import Identifiers
import Messaging

/// The programme: built from what events keeps, announced when it differs
/// from the one announced last.
public enum ProgrammeRules {
    /// A programme is public from the event's publication on (`published_at`
    /// is stamped once and no status leads back before `published`), until
    /// the event is cancelled.
    public static func isPublic(_ event: Event) -> Bool {
        event.publishedAt != nil && event.status != .cancelled
    }

    /// The scheduled sessions in time order (start, end, room, id), each with
    /// its confirmed speakers by role and its materials not removed, in the
    /// order they were added.
    public static func build(
        _ event: Event, sessions: [Session], slots: [SpeakerSlot], names: [Identifier: SpeakerName], materials: [SessionMaterial]
    ) -> Programme {
        let roles = SpeakerRole.allCases
        let timetable = sessions.filter { $0.status == .scheduled }.sorted {
            ($0.startTime, $0.endTime, $0.room ?? "", $0.id.description) < ($1.startTime, $1.endTime, $1.room ?? "", $1.id.description)
        }
        return Programme(
            eventId: event.id, eventNumber: event.eventNumber, title: event.title, eventDate: event.eventDate,
            venueName: event.venueName, venueAddress: event.venueAddress,
            sessions: timetable.map { session in
                let speakers = slots.filter { $0.sessionId == session.id && $0.status == .confirmed }.sorted {
                    (roles.firstIndex(of: $0.role) ?? 0, $0.speakerId.description) < (roles.firstIndex(of: $1.role) ?? 0, $1.speakerId.description)
                }
                let handedIn = materials.filter { $0.sessionId == session.id && $0.removal == nil }.sorted {
                    ($0.addedAt, $0.id.description) < ($1.addedAt, $1.id.description)
                }
                return ProgrammeSession(
                    sessionId: session.id, title: session.title, description: session.description,
                    sessionType: session.sessionType.rawValue, startTime: session.startTime, endTime: session.endTime, room: session.room,
                    capacity: session.capacity, language: session.language, tags: session.tags, prerequisites: session.prerequisites,
                    targetAudience: session.targetAudience.map(\.rawValue),
                    speakers: speakers.map { slot in
                        let name = names[slot.speakerId]
                        return ProgrammeSpeaker(
                            speakerId: slot.speakerId, firstName: name?.firstName, lastName: name?.lastName, role: slot.role.rawValue,
                            presentationTitle: slot.presentationTitle
                        )
                    },
                    materials: handedIn.map(ProgrammeMaterial.init)
                )
            }
        )
    }

    /// What to announce after `cause`: the first programme of an event is
    /// published (revision 1, cause `published`); a later one that differs
    /// from the last announced is a change (the next revision); nil when it
    /// is the same. Compared as the JSON it travels as, so what is equal on
    /// the wire (timestamps to the millisecond) is equal here.
    public static func announce(_ programme: Programme, previous: StoredProgramme?, cause: ProgrammeCause) throws -> ProgrammeAnnouncement? {
        let json = String(decoding: try MessageCoding.encode(programme), as: UTF8.self)
        if let previous, previous.json == json { return nil }
        let revision = (previous?.revision ?? 0) + 1
        return ProgrammeAnnouncement(
            stored: StoredProgramme(json: json, revision: revision),
            notice: ProgrammeNotice(programme, revision: revision, cause: previous == nil ? .published : cause)
        )
    }
}
