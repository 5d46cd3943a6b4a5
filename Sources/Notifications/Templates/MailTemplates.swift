import Foundation
import Mustache

/// Every mail template, compiled once: per kind and language a subject, a
/// plain text part and an HTML part (hummingbird-project/swift-mustache).
/// Values are escaped in the HTML part only.
public struct MailTemplates: Sendable {
    private struct Compiled: Sendable {
        let subject: MustacheTemplate
        let text: MustacheTemplate
        let html: MustacheTemplate
    }

    private let compiled: [String: Compiled]

    /// Every template, compiled once per process.
    public static let all = MailTemplates()

    /// The templates are this module's own text, not input: one that does
    /// not parse is a programming error, found by the tests at once.
    private init() {
        var compiled: [String: Compiled] = [:]
        for language in MailLanguage.allCases {
            for kind in MailKind.allCases {
                let (template, greeting, signature) =
                    switch language {
                    case .de: (GermanTemplates.template(kind), GermanTemplates.greeting, GermanTemplates.signature)
                    case .en: (EnglishTemplates.template(kind), EnglishTemplates.greeting, EnglishTemplates.signature)
                    }
                let paragraphs = [greeting] + Self.paragraphs(template.body) + [signature]
                let text = "{{% CONTENT_TYPE: TEXT}}" + paragraphs.joined(separator: "\n\n") + "\n"
                let html =
                    "<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\"><head><meta charset=\"utf-8\"><title>\(template.subject)</title></head>\n<body>\n"
                    + paragraphs.map { "<p>" + $0.replacingOccurrences(of: "\n", with: "<br>\n") + "</p>\n" }.joined() + "</body></html>\n"
                do {
                    compiled["\(language.rawValue).\(kind.rawValue)"] = Compiled(
                        subject: try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + template.subject),
                        text: try MustacheTemplate(string: text),
                        html: try MustacheTemplate(string: html)
                    )
                } catch {
                    preconditionFailure("template \(language.rawValue).\(kind.rawValue) does not parse: \(error)")
                }
            }
        }
        self.compiled = compiled
    }

    /// The mail's words. A template that does not exist cannot be asked
    /// for (every kind and language is compiled), so this never fails.
    public func render(_ kind: MailKind, _ language: MailLanguage, values: [String: String]) -> RenderedMail {
        guard let template = compiled["\(language.rawValue).\(kind.rawValue)"] else {
            return RenderedMail(subject: kind.rawValue, text: "", html: "")
        }
        let subject = template.subject.render(values).split(whereSeparator: \.isNewline).joined(separator: " ")
        return RenderedMail(subject: subject, text: template.text.render(values), html: template.html.render(values))
    }

    private static func paragraphs(_ body: String) -> [String] {
        body.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
