import Messaging

extension HandlerContext {
    /// Publishes what a decision of the attendees domain says happened.
    mutating func publish(_ events: [AttendeesEvent]) throws {
        for event in events {
            switch event {
            case .attendeeRegistered(let data): try publish(data)
            case .registrationRequested(let data): try publish(data)
            case .registrationConfirmed(let data): try publish(data)
            case .registrationWaitlisted(let data): try publish(data)
            case .registrationRejected(let data): try publish(data)
            case .registrationCancelled(let data): try publish(data)
            case .attendanceRecorded(let data): try publish(data)
            case .contentEngaged(let data): try publish(data)
            case .attendeeErased(let data): try publish(data)
            case .attendeeProfileUpdated(let data): try publish(data)
            case .newsletterSubscriptionChanged(let data): try publish(data)
            case .consentWithdrawn(let data): try publish(data)
            case .sessionsChosen(let data): try publish(data)
            case .sessionSeatRequested(let data): try publish(data)
            case .sessionChoiceDropped(let data): try publish(data)
            case .attendanceConfirmed(let data): try publish(data)
            }
        }
    }
}
