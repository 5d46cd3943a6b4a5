import Identifiers
import Partners
import TestSupport

/// The model's partner and suggestion ids → the handlers' (the handlers make
/// their own), learnt from the events that answer the model's commands.
struct IdentifierMap {
    private var real: [Identifier: Identifier] = [:]

    func real(_ id: Identifier?) -> Identifier? { id.map { real[$0] ?? $0 } }

    mutating func learn(from message: FactLedger.Message, _ result: HarnessResult) throws {
        switch message {
        case .startPartnership(_, let newId):
            if let started = try result.messages("partners.PartnershipStarted").first?.decode(PartnershipStarted.self) {
                real[newId] = started.partnerId
            }
        case .suggestTopic(_, let newId):
            if let suggested = try result.messages("partners.TopicSuggested").first?.decode(TopicSuggested.self) {
                real[newId] = suggested.suggestionId
            }
        default:
            break
        }
    }
}
