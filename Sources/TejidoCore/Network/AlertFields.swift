import Foundation

/// What a consent-given alert says to a paired collective, and nothing more: structured fields
/// only. Never a narrative, never anything about the person harmed (issue 18, item 7).
public struct AlertFields: Codable, Sendable, Equatable {
    /// The responses an alert may report: those a case outcome applies.
    public enum Response: String, CaseIterable, Codable, Sendable {
        case limits
        case suspension
        case expulsion

        /// The response a recorded outcome applies, when it is one an alert may carry.
        public init?(_ outcome: CaseOutcome.Kind) {
            switch outcome {
            case .limits: self = .limits
            case .suspension: self = .suspension
            case .expulsion: self = .expulsion
            case .completed, .renegotiated: return nil
            }
        }
    }

    /// The person's name or handle, exactly as the person harmed agreed it may be given.
    public var person: String
    /// The kind of harm, as the sending collective's protocol names it: its key and its name.
    public var harm: String
    public var harmName: String
    public var response: Response
    /// Until when the response holds (limits and suspension).
    public var until: Date?
    /// Whether an accountability process is still going on.
    public var ongoing: Bool
    /// How the receiving care team reaches the sender's.
    public var contact: String
    /// The respondent's own accountability process, only when he agreed it may be told.
    public var respondentProcess: String?
    /// After this the alert is gone everywhere; at most two years after it is prepared.
    public var expires: Date
    /// When the sender looks at it again; never after it expires.
    public var review: Date

    public init(
        person: String, harm: String, harmName: String, response: Response, until: Date?, ongoing: Bool, contact: String,
        respondentProcess: String?, expires: Date, review: Date
    ) {
        self.person = person
        self.harm = harm
        self.harmName = harmName
        self.response = response
        self.until = until
        self.ongoing = ongoing
        self.contact = contact
        self.respondentProcess = respondentProcess
        self.expires = expires
        self.review = review
    }

    public static let personLimit = 120
    public static let contactLimit = 200
    public static let processLimit = 200
    /// An alert lives at most this long: the network forgets.
    public static let longestDays = 730

    /// Whether the alert still counts at `now`.
    public func stands(at now: Date) -> Bool { now < expires }
}

/// What the care team types to prepare an alert, read from a form: everything may be missing.
public struct AlertDraft: Sendable, Equatable {
    public var person: String
    public var harm: String
    public var ongoing: Bool
    public var contact: String
    public var respondentProcess: String
    /// The box that records the respondent agreed his process may be told.
    public var respondentAgreed: Bool
    public var expires: Date?
    public var review: Date?

    public init(
        person: String, harm: String, ongoing: Bool, contact: String, respondentProcess: String = "",
        respondentAgreed: Bool = false, expires: Date?, review: Date?
    ) {
        self.person = person
        self.harm = harm
        self.ongoing = ongoing
        self.contact = contact
        self.respondentProcess = respondentProcess
        self.respondentAgreed = respondentAgreed
        self.expires = expires
        self.review = review
    }

    /// The alert these fields make, or every problem at once. `harms` are the harms the case is
    /// classified with (key → the protocol's name); the response and its end come from the case's
    /// recorded outcome, never from the form.
    public func validated(
        harms: [String: String], outcome: CaseOutcome.Kind, until: Date?, now: Date
    ) throws -> AlertFields {
        var problems: [FieldProblem] = []
        func line(_ text: String, _ field: String, limit: Int, missing: String?) -> String {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty {
                if let missing { problems.append(FieldProblem(field: field, messageKey: missing)) }
            } else if trimmed.count > limit || trimmed.contains(where: \.isNewline) {
                problems.append(FieldProblem(field: field, messageKey: "error_alert_line"))
            }
            return trimmed
        }
        let person = line(person, "person", limit: AlertFields.personLimit, missing: "error_alert_person")
        let contact = line(contact, "contact", limit: AlertFields.contactLimit, missing: "error_alert_contact")
        let process = line(respondentProcess, "respondent_process", limit: AlertFields.processLimit, missing: nil)
        if !process.isEmpty, !respondentAgreed {
            problems.append(FieldProblem(field: "respondent_agreed", messageKey: "error_alert_respondent_agreed"))
        }
        let harmName = harms[harm]
        if harmName == nil { problems.append(FieldProblem(field: "harm", messageKey: "error_alert_harm")) }
        let response = AlertFields.Response(outcome)
        if response == nil { problems.append(FieldProblem(field: "form", messageKey: "error_alert_outcome")) }
        let latest = now.addingTimeInterval(Double(AlertFields.longestDays) * 86_400)
        if let expires, expires > now, expires <= latest {
            if !(review.map { $0 > now && $0 <= expires } ?? false) {
                problems.append(FieldProblem(field: "review", messageKey: "error_alert_review"))
            }
        } else {
            problems.append(FieldProblem(field: "expires", messageKey: "error_alert_expires"))
        }
        try problems.throwIfAny()
        return AlertFields(
            person: person, harm: harm, harmName: harmName ?? harm, response: response ?? .limits, until: until,
            ongoing: ongoing, contact: contact, respondentProcess: process.isEmpty ? nil : process, expires: expires ?? now,
            review: review ?? now)
    }
}
