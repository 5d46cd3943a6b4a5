import Foundation
import Identifiers
import Testing

@testable import Attendees

@Suite struct ErasureTests {
    let now = t0.addingTimeInterval(999)

    @Test func erasureRemovesThePersonAndCancelsWhatIsOpen() throws {
        let person = attendee(companyId: Identifier())
        let confirmed = registration(.confirmed, attendeeId: person.id, specialRequests: "diet")
        let waitlisted = registration(.waitlisted, attendeeId: person.id, position: 2)
        let pending = registration(.registered, attendeeId: person.id)
        let attended = registration(.attended, attendeeId: person.id, specialRequests: "hearing loop")
        let cancelled = registration(.cancelled, attendeeId: person.id)
        let d = try Erasure.decide(person, id: person.id, registrations: [confirmed, waitlisted, pending, attended, cancelled], now: now)

        let anonymous = try #require(d.attendee)
        #expect(anonymous.id == person.id)
        #expect(anonymous.personal == nil && anonymous.companyId == nil)
        #expect(!anonymous.newsletterSubscription && !anonymous.gdprConsentGiven && anonymous.gdprConsentDate == nil)
        #expect(anonymous.erasedAt == now)

        let byId = Dictionary(uniqueKeysWithValues: d.registrations.map { ($0.registration.id, $0) })
        #expect(byId[confirmed.id]?.registration.status == .cancelled)
        #expect(byId[confirmed.id]?.registration.specialRequests == nil)
        #expect(byId[waitlisted.id]?.waitlist == .leave(position: 2))
        #expect(byId[pending.id]?.registration.status == .cancelled)
        #expect(byId[attended.id]?.registration.status == .attended, "attendance stays, as an anonymous fact")
        #expect(byId[attended.id]?.registration.specialRequests == nil)
        #expect(byId[cancelled.id] == nil, "nothing to change")

        #expect(d.events.last == .attendeeErased(AttendeeErased(attendeeId: person.id)))
        let cancellations = d.events.compactMap { event -> RegistrationCancelled? in
            if case .registrationCancelled(let c) = event { c } else { nil }
        }
        #expect(Set(cancellations.map(\.registrationId)) == [confirmed.id, waitlisted.id, pending.id])
        #expect(cancellations.first { $0.registrationId == confirmed.id }?.heldSeat == true)
        #expect(cancellations.filter(\.heldSeat).count == 1)
    }

    @Test func erasingTwiceAnswersAndChangesNothing() throws {
        let person = attendee()
        let first = try Erasure.decide(person, id: person.id, registrations: [], now: now)
        let erased = try #require(first.attendee)
        let second = try Erasure.decide(erased, id: person.id, registrations: [], now: now.addingTimeInterval(1))
        #expect(second.attendee == nil && second.registrations.isEmpty)
        #expect(second.events == [.attendeeErased(AttendeeErased(attendeeId: person.id))])
    }

    @Test func erasingAnUnknownAttendeeIsRejected() {
        #expect(rejection { try Erasure.decide(nil, id: Identifier(), registrations: [], now: now) } == "unknown_attendee")
    }

    @Test func anErasedAttendeeIsNotFoundByEmailAgain() throws {
        // The store only finds live attendees by email; an erased one passed in
        // anyway is treated as unknown: a new attendee is created.
        let erased = try #require(try Erasure.decide(attendee(), id: Identifier(), registrations: [], now: now).attendee)
        let ids = (attendee: Identifier(), registration: Identifier())
        let d = try Registering.decide(try Validation.register(command()), attendee: erased, registration: nil, newIds: ids, now: now)
        #expect(d.attendeeIsNew && d.attendee.id == ids.attendee)
    }
}

@Suite struct EngagementTests {
    @Test func engagementOfALiveAttendeeCarriesTheCompany() throws {
        let company = Identifier()
        let person = attendee(companyId: company)
        let input = try Validation.engagement(
            RecordContentEngagement(
                attendeeId: person.id, contentType: "session", contentId: Identifier(), engagementType: "rating", engagementValue: 4.5
            ))
        let id = Identifier()
        let d = try EngagementRules.record(input, attendee: person, contentKnown: true, engagementId: id, now: t0)
        #expect(d.engagement.engagementValue == Decimal(45) / 10)
        #expect(
            d.event
                == .contentEngaged(
                    ContentEngaged(
                        engagementId: id, attendeeId: person.id, companyId: company, contentType: "session",
                        contentId: input.contentId, engagementType: "rating", engagementValue: 4.5, engagedAt: t0
                    )))
    }

    @Test func unknownOrErasedAttendeesCannotEngage() throws {
        let input = try Validation.engagement(
            RecordContentEngagement(attendeeId: Identifier(), contentType: "video", contentId: Identifier(), engagementType: "view"))
        #expect(
            rejection { try EngagementRules.record(input, attendee: nil, contentKnown: true, engagementId: Identifier(), now: t0) }
                == "unknown_attendee")
        let erased = try #require(try Erasure.decide(attendee(), id: Identifier(), registrations: [], now: t0).attendee)
        #expect(
            rejection { try EngagementRules.record(input, attendee: erased, contentKnown: true, engagementId: Identifier(), now: t0) }
                == "attendee_erased")
    }

    @Test func contentAttendeesDoesNotKnowIsRefused() throws {
        let person = attendee()
        let input = try Validation.engagement(
            RecordContentEngagement(attendeeId: person.id, contentType: "session", contentId: Identifier(), engagementType: "view"))
        #expect(
            rejection { try EngagementRules.record(input, attendee: person, contentKnown: false, engagementId: Identifier(), now: t0) }
                == "unknown_content")
        var withdrawn = person
        withdrawn.consentWithdrawnAt = t0
        #expect(
            rejection { try EngagementRules.record(input, attendee: withdrawn, contentKnown: true, engagementId: Identifier(), now: t0) }
                == "consent_withdrawn")
    }
}

@Suite struct EventCopyTests {
    let event = EventCreated(
        eventId: Identifier(), eventNumber: 57, title: "BATbern 57", eventDate: t0.addingTimeInterval(86_400 * 30),
        registrationDeadline: t0.addingTimeInterval(86_400 * 20), venueName: "Kursaal", venueAddress: "Bern",
        venueCapacity: 100, organizerId: Identifier(), status: .registrationOpen
    )

    @Test func createdCopiesWhatAttendeesNeeds() {
        let copy = EventCopies.created(event, occurredAt: t0, existing: nil)
        #expect(copy.status == .registrationOpen && copy.registrationDeadline == event.registrationDeadline)
        #expect(copy.venueCapacity == 100 && copy.statusChangedAt == t0)
    }

    @Test func theLatestStatusWinsWhateverTheOrder() throws {
        let created = EventCopies.created(event, occurredAt: t0, existing: nil)
        let change = EventStatusChanged(eventId: event.eventId, from: .registrationOpen, to: .registrationClosed)
        let changed = try #require(EventCopies.statusChanged(change, occurredAt: t0.addingTimeInterval(10), existing: created))
        #expect(changed.status == .registrationClosed)
        // A late, older change does not turn the clock back.
        let stale = EventStatusChanged(eventId: event.eventId, from: .published, to: .registrationOpen)
        #expect(EventCopies.statusChanged(stale, occurredAt: t0.addingTimeInterval(5), existing: changed)?.status == .registrationClosed)
        // EventCreated redelivered after the change keeps the newer status.
        #expect(EventCopies.created(event, occurredAt: t0, existing: changed).status == .registrationClosed)
    }

    @Test func aChangeBeforeTheEventIsKnownWaits() {
        let change = EventStatusChanged(eventId: event.eventId, from: .registrationOpen, to: .registrationClosed)
        #expect(EventCopies.statusChanged(change, occurredAt: t0, existing: nil) == nil)
    }

    @Test func onlyTheEndOfRegistrationForGoodClosesTheWaitlist() {
        #expect(EventStatus.allCases.filter(EventCopies.closesWaitlist) == [.inProgress, .completed, .archived])
    }
}
