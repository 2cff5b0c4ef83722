import Foundation

/// `alert`: one alert, as it is now on the sending side. Built at delivery from current state, so
/// an update and a retraction are the same message: a retracted (or no longer consented) alert is
/// sent without its fields, and the receiver deletes it.
public struct AlertMessage: Codable, Sendable, Equatable {
    public let alert: UUID
    public let retracted: Bool
    public let fields: Fields?

    /// The alert's fields on the wire: dates as Unix seconds, texts checked on arrival.
    public struct Fields: Codable, Sendable, Equatable {
        public let person: String
        public let harm: String
        public let harmName: String
        public let response: AlertFields.Response
        public let until: Int?
        public let ongoing: Bool
        public let contact: String
        public let respondentProcess: String?
        public let expires: Int
        public let review: Int
    }

    public static func retraction(_ id: UUID) -> AlertMessage {
        AlertMessage(alert: id, retracted: true, fields: nil)
    }

    public static func current(_ id: UUID, _ alert: AlertFields) -> AlertMessage {
        func seconds(_ date: Date) -> Int { Int(date.timeIntervalSince1970) }
        return AlertMessage(
            alert: id, retracted: false,
            fields: Fields(
                person: alert.person, harm: alert.harm, harmName: alert.harmName, response: alert.response,
                until: alert.until.map(seconds), ongoing: alert.ongoing, contact: alert.contact,
                respondentProcess: alert.respondentProcess, expires: seconds(alert.expires), review: seconds(alert.review)))
    }

    /// The alert a peer sent, checked as anything from a peer is: each text within its length and
    /// free of control characters, the dates in order and within two years (a day's slack for
    /// clocks). Nil fields with `retracted` false, or anything out of bounds, is refused.
    public func checked(now: Date) throws -> AlertFields? {
        if retracted { return nil }
        guard let fields else { throw StrictJSON.Problem.invalid }
        let latest = now.addingTimeInterval(Double(AlertFields.longestDays + 1) * 86_400)
        let expires = Date(timeIntervalSince1970: TimeInterval(fields.expires))
        let review = Date(timeIntervalSince1970: TimeInterval(fields.review))
        guard let person = PeerText.checked(fields.person, maximum: AlertFields.personLimit),
            let harm = PeerText.checked(fields.harm, maximum: 120),
            let harmName = PeerText.checked(fields.harmName, maximum: 200),
            let contact = PeerText.checked(fields.contact, maximum: AlertFields.contactLimit),
            expires <= latest, review <= expires
        else { throw StrictJSON.Problem.invalid }
        var process: String?
        if let given = fields.respondentProcess {
            guard let text = PeerText.checked(given, maximum: AlertFields.processLimit) else {
                throw StrictJSON.Problem.invalid
            }
            process = text
        }
        return AlertFields(
            person: person, harm: harm, harmName: harmName, response: fields.response,
            until: fields.until.map { Date(timeIntervalSince1970: TimeInterval($0)) }, ongoing: fields.ongoing,
            contact: contact, respondentProcess: process, expires: expires, review: review)
    }
}
