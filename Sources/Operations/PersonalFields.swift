/// Which message fields `batbern parked show` hides unless `--reveal`,
/// decided field by field from the contract (schemas/messages):
/// `PersonalFieldsTests` fails when a string field appears there that is in
/// neither list, so a new field gets a decision.
public enum PersonalFields {
    /// Emails, people's names, phone numbers, and free text a person wrote
    /// (about themselves or anything else: it may say anything).
    public static let masked: Set<String> = [
        "email", "firstName", "lastName", "phone",
        "position",  // a person's job title (RegisterAttendee, RegisterSpeaker)
        "specialRequests", "shortBio", "detailedBio", "bio", "presentationTitle", "description",
        "reason",  // a speaker's decline or tentative reason; elsewhere a code, masked all the same
        "linkedInUrl", "twitterHandle", "profilePhotoUrl", "certifications",  // a speaker's profile
    ]

    /// Strings of the contract that say nothing about a person: identifiers,
    /// codes and states, names and titles of companies, events, sessions,
    /// venues and files, and the kernel's rejection text (which never repeats
    /// a value).
    public static let notPersonal: Set<String> = [
        "aggregateId", "aggregateType", "eventType", "commandType", "message",
        "availability", "baseAvailability", "cause", "engagementType", "from", "to", "status", "response", "role",
        "sessionType", "partnershipLevel", "previousLevel", "language",
        "name", "displayName", "companyName", "industry", "website", "title", "room", "venueName", "venueAddress",
        "fileId", "fileName", "mimeType", "contentType", "s3Key", "expertiseAreas", "speakingTopics", "languages", "tags",
        "street", "postalCode", "city", "country", "linkedIn", "x",  // a company's address and pages
        "prerequisites", "storageKey", "url",  // a session's prerequisites and materials (files and links)
        "interests", "topics",  // an attendee's subjects, as a speaker's expertiseAreas and speakingTopics
    ]
}
