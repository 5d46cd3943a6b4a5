import Attendees
import Companies
import Events
public import Messaging
import Notifications
import Partners
import Speakers

extension BoundedContext {
    /// The context's handlers, with its own settings read from the environment.
    public func definition(settings: Settings) throws(InvalidSettings) -> WorkerDefinition {
        var reader = SettingsReader(environment: settings.environment)
        let definition = definition(reading: &reader)
        try reader.validate()
        return definition
    }

    /// The same, with problems recorded in `reader` to be reported with the
    /// worker's other settings.
    public func definition(reading reader: inout SettingsReader) -> WorkerDefinition {
        switch self {
        case .companies: CompaniesWorker.definition()
        case .partners: PartnersWorker.definition()
        case .events: EventsWorker.definition(EventsSettings(reading: &reader))
        case .speakers: SpeakersWorker.definition(SpeakersSettings(reading: &reader))
        case .attendees: AttendeesWorker.definition()
        case .notifications: NotificationsWorker.definition(NotificationsSettings(reading: &reader))
        }
    }

    /// Default port of the worker's /metrics and /health endpoint.
    public var defaultHTTPPort: Int {
        9101 + (BoundedContext.allCases.firstIndex(of: self) ?? 0)
    }
}
