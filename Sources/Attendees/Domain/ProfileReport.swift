public import Identifiers

/// GetAttendeeProfile: everything attendees holds about an attendee, as the
/// seed's Attendee. Also while her consent is withdrawn (her right of access).
public enum ProfileReport {
    /// - Parameter sessions: the content ids among her engagements that are sessions.
    public static func report(
        _ attendee: Attendee?, id: Identifier, registrations: [Registration], choices: [SessionChoice],
        engagements: [ContentEngagement], sessions: Set<Identifier>
    ) throws(Rejection) -> AttendeeProfileReported {
        let known = try AttendeeRules.requireKnown(attendee, id: id)
        guard let personal = known.personal else { throw AttendeeRules.erased(id) }
        let byRegistration = Dictionary(grouping: choices, by: \.registrationId)
        return AttendeeProfileReported(
            attendeeId: known.id, email: personal.email, firstName: personal.firstName, lastName: personal.lastName,
            companyId: personal.companyId, position: personal.position, profile: known.profile, preferences: known.preferences,
            newsletterSubscription: known.newsletterSubscription, newsletterChangedAt: known.newsletterChange?.at,
            newsletterSource: known.newsletterChange?.source,
            gdprConsent: ConsentReport(given: known.gdprConsentGiven, consentDate: known.gdprConsentDate, withdrawnAt: known.consentWithdrawnAt),
            registrations: registrations.sorted { ($0.registrationDate, $0.id) < ($1.registrationDate, $1.id) }.map { registration in
                RegistrationReport(
                    registration,
                    choices: (byRegistration[registration.id] ?? []).sorted { ($0.chosenAt, $0.sessionId) < ($1.chosenAt, $1.sessionId) }
                )
            },
            engagementHistory: EngagementHistory.summarize(engagements, sessions: sessions),
            createdAt: known.createdAt, updatedAt: known.updatedAt
        )
    }
}
