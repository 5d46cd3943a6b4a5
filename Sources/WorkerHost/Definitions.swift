import Attendees
import Companies
import Events
public import Messaging
import Partners
import Speakers

extension BoundedContext {
    /// The context's handlers, with its settings read from the environment.
    public func definition(settings: Settings) throws -> WorkerDefinition {
        switch self {
        case .companies: CompaniesWorker.definition()
        case .partners: PartnersWorker.definition()
        case .events: EventsWorker.definition()
        case .speakers: SpeakersWorker.definition(try SpeakersSettings(environment: settings.environment))
        case .attendees: AttendeesWorker.definition()
        }
    }

    /// Default port of the worker's /metrics and /health endpoint.
    public var defaultHTTPPort: Int {
        9101 + (BoundedContext.allCases.firstIndex(of: self) ?? 0)
    }
}
