import Foundation
import Identifiers
import Messaging

@testable import Speakers

/// The reason code a decision rejected with, nil when it did not.
func rejection<T>(_ body: () throws -> T) -> String? {
    do {
        _ = try body()
        return nil
    } catch let rejection as CommandRejection {
        return rejection.reason
    } catch {
        return "unexpected: \(error)"
    }
}

let t0 = Date(timeIntervalSince1970: 1_900_000_000)
let day: TimeInterval = 86_400

func aSpeaker(base: BaseAvailability = .available) -> Speaker {
    Speaker(
        id: Identifier(), companyId: Identifier(), personal: SpeakerPersonal(email: "ada@example.ch", firstName: "Ada", lastName: "Lovelace"),
        availability: .available, baseAvailability: base, companyVerified: true
    )
}

func aSession(start: Date = t0 + 60 * day, minutes: Double = 60, status: SessionStatus = .scheduled) -> SessionCopy {
    SessionCopy(
        id: Identifier(), eventId: Identifier(), sessionType: .keynote, startTime: start, endTime: start + minutes * 60,
        room: nil, status: status
    )
}

func anAssignment(
    speaker: Speaker, session: SessionCopy, status: InvitationStatus = .invited, invitedAt: Date = t0,
    deadline: Date = t0 + 30 * day
) -> Assignment {
    Assignment(
        id: Identifier(), sessionId: session.id, speakerId: speaker.id, eventId: session.eventId, role: .primarySpeaker,
        presentationTitle: nil, status: status, invitedAt: invitedAt, responseDeadline: deadline, confirmedAt: nil,
        declinedAt: nil, declineReason: nil, statusReason: nil, respondedAt: nil, remindersSent: 0, version: 1
    )
}
