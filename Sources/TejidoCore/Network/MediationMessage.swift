import Foundation

/// `mediation`: a case's survivor's side asks a connected collective to find an outside mediator,
/// and sends the single-use link that opens the entries she chose (on the sender's server; the
/// receiver never fetches it, it only shows it to its care team to pass on). Without a link, the
/// request is withdrawn: the receiver forgets it.
public struct MediationMessage: Codable, Sendable, Equatable {
    /// As long as a mediator invitation's note may be.
    public static let noteLimit = CaseOutcome.textLimit
    /// A link lives at most as long as a mediator's invitation can.
    public static let longestDays = 90

    /// The sender's id for the request, so a withdrawal names it.
    public let request: UUID
    public let link: String?
    public let note: String?
    /// Unix seconds: when the link stops working.
    public let expires: Int?

    public init(request: UUID, link: String?, note: String?, expires: Date?) {
        self.request = request
        self.link = link
        self.note = note
        self.expires = expires.map { Int($0.timeIntervalSince1970) }
    }

    public static func withdrawal(_ request: UUID) -> MediationMessage {
        MediationMessage(request: request, link: nil, note: nil, expires: nil)
    }

    /// What a receiver keeps; nil for a withdrawal. The link must be a mediation link on the
    /// sender's own address (so a peer cannot slip a link to anywhere else before a care team),
    /// the note is checked as any text from a peer is, and the expiry is in the future and no
    /// further than a mediator's invitation can run.
    public func checked(base: PeerBaseURL, now: Date) throws -> (link: String, note: String, expires: Date)? {
        guard let link else {
            guard note == nil, expires == nil else { throw StrictJSON.Problem.invalid }
            return nil
        }
        let prefix = base.value + "/mediate/"
        let token = link.dropFirst(prefix.count)
        guard link.hasPrefix(prefix), (32...128).contains(token.count), token.allSatisfy(SecretToken.isTokenCharacter)
        else { throw StrictJSON.Problem.invalid }
        var cleanNote = ""
        if let raw = note, !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            let note = raw.plainLineBreaks
            guard let checked = PeerText.checked(note, maximum: Self.noteLimit, allowNewlines: true) else {
                throw StrictJSON.Problem.invalid
            }
            cleanNote = checked
        }
        guard let expires else { throw StrictJSON.Problem.invalid }
        let date = Date(timeIntervalSince1970: TimeInterval(expires))
        guard date > now, date <= now.addingTimeInterval(TimeInterval(Self.longestDays + 1) * 86_400) else {
            throw StrictJSON.Problem.invalid
        }
        return (link, cleanNote, date)
    }
}
