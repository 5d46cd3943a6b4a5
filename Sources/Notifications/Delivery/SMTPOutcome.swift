/// What became of one mail at the SMTP server.
public enum SMTPOutcome: Sendable, Equatable {
    /// The server took it (250).
    case sent
    /// Try again later: a 4xx answer, no answer at all (refused, timed out,
    /// dropped), or a server-wide refusal that is not this mail's fault
    /// (authentication). `reply` says what happened.
    case temporary(reply: String)
    /// The server will never take it (5xx to this mail): marked failed.
    case permanent(reply: String)

    /// Classifies a send by curl's result code, the last SMTP reply code
    /// (0: the server never answered) and texts for the record.
    static func classify(curlCode: Int32, replyCode: Int, reply: String, error: String) -> SMTPOutcome {
        if curlCode == 0 { return .sent }
        let said = replyCode > 0 ? (reply.isEmpty ? "\(replyCode)" : reply) : error
        // CURLE_LOGIN_DENIED (67): the credentials, not this mail.
        if curlCode == 67 { return .temporary(reply: said) }
        switch replyCode {
        case 500...599: return .permanent(reply: said)
        default: return .temporary(reply: said)
        }
    }
}
