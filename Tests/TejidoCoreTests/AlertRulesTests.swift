import Foundation
import Testing

@testable import TejidoCore

/// Consent-given alerts: what one may say, when it lives, who confirms it, how many a peer sends.
@Suite("Alert rules")
struct AlertRulesTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let day: TimeInterval = 86_400
    static let harms = ["psychological": "Psychological harm"]

    static func draft(
        person: String = "Ramón G. (@ramon)", harm: String = "psychological", process: String = "", agreed: Bool = false,
        expires: TimeInterval? = 365, review: TimeInterval? = 180
    ) -> AlertDraft {
        AlertDraft(
            person: person, harm: harm, ongoing: true, contact: "cuidados@casa.example", respondentProcess: process,
            respondentAgreed: agreed, expires: expires.map { now.addingTimeInterval($0 * day) },
            review: review.map { now.addingTimeInterval($0 * day) })
    }

    static func fields(_ error: any Error) -> Set<String> {
        guard case TejidoError.invalid(let problems) = error else { return [] }
        return Set(problems.map(\.field))
    }

    @Test("a valid draft becomes an alert whose response comes from the case's outcome, named as the protocol names it")
    func valid() throws {
        let until = Self.now.addingTimeInterval(90 * Self.day)
        let alert = try Self.draft().validated(harms: Self.harms, outcome: .suspension, until: until, now: Self.now)
        #expect(alert.response == .suspension && alert.until == until && alert.harmName == "Psychological harm")
        #expect(alert.respondentProcess == nil)
        #expect(alert.stands(at: Self.now) && !alert.stands(at: alert.expires))
    }

    @Test("missing or multi-line fields, an unknown harm and a process without his agreement are field errors, all at once")
    func fieldErrors() {
        let bad = AlertDraft(
            person: "  ", harm: "made-up", ongoing: false, contact: "line one\nline two", respondentProcess: "Going to a group",
            respondentAgreed: false, expires: nil, review: nil)
        #expect(throws: TejidoError.self) {
            try bad.validated(harms: Self.harms, outcome: .limits, until: nil, now: Self.now)
        }
        do {
            _ = try bad.validated(harms: Self.harms, outcome: .limits, until: nil, now: Self.now)
        } catch {
            #expect(Self.fields(error) == ["person", "harm", "contact", "respondent_agreed", "expires"])
        }
        let agreed = try? Self.draft(process: "Going to a group", agreed: true)
            .validated(harms: Self.harms, outcome: .expulsion, until: nil, now: Self.now)
        #expect(agreed?.respondentProcess == "Going to a group")
    }

    @Test("an alert expires within two years; its review comes before its expiry; an outcome that is no response sends nothing")
    func dates() {
        func problems(_ draft: AlertDraft, _ outcome: CaseOutcome.Kind = .limits) -> Set<String> {
            do {
                _ = try draft.validated(harms: Self.harms, outcome: outcome, until: nil, now: Self.now)
                return []
            } catch { return Self.fields(error) }
        }
        #expect(problems(Self.draft(expires: 730, review: 730)) == [])
        #expect(problems(Self.draft(expires: 731)) == ["expires"])
        #expect(problems(Self.draft(expires: -1)) == ["expires"])
        #expect(problems(Self.draft(expires: 100, review: 101)) == ["review"])
        #expect(problems(Self.draft(review: nil)) == ["review"])
        #expect(problems(Self.draft(), .completed) == ["form"])
        #expect(!AlertConsentRule.outcomeAllows(.renegotiated) && !AlertConsentRule.outcomeAllows(nil))
        #expect(AlertConsentRule.outcomeAllows(.limits) && AlertConsentRule.outcomeAllows(.expulsion))
    }

    @Test("two people: whoever prepared an alert cannot confirm it; the confirmer must be of the care team")
    func twoPeople() {
        let cora = UUID()
        let dani = UUID()
        #expect(
            AlertTwoPersonRule.check(preparedBy: cora, confirmer: cora, confirmerIsCareTeam: true, state: .prepared)
                == .samePerson)
        #expect(
            AlertTwoPersonRule.check(preparedBy: cora, confirmer: dani, confirmerIsCareTeam: false, state: .prepared)
                == .notCareTeam)
        #expect(
            AlertTwoPersonRule.check(preparedBy: cora, confirmer: dani, confirmerIsCareTeam: true, state: .sent) == .notPrepared)
        #expect(AlertTwoPersonRule.check(preparedBy: cora, confirmer: dani, confirmerIsCareTeam: true, state: .prepared) == nil)
    }

    @Test("the quota takes a peer's alerts up to the limit in a day, and not one more")
    func quota() {
        #expect(AlertQuota.accepts(receivedToday: 0, quota: 20))
        #expect(AlertQuota.accepts(receivedToday: 19, quota: 20))
        #expect(!AlertQuota.accepts(receivedToday: 20, quota: 20))
        #expect(AlertConsentRule.unnamed([UUID()], consented: []).count == 1)
    }

    @Test("consent to send an alert must name where it may go")
    func consentNamesRecipients() {
        let unnamed = CaseConsent(scope: .sendAlert, detail: "An alert to La Huerta", givenBy: "Sofi", manner: .onPlatform)
        #expect(throws: TejidoError.self) { try unnamed.validated() }
        var named = unnamed
        named.recipients = [UUID()]
        #expect((try? named.validated()) != nil)
    }

    @Test(
        "on the wire: a retraction carries nothing; a peer's fields are checked; control characters and far expiries are refused")
    func wire() throws {
        let id = UUID()
        let alert = try Self.draft().validated(harms: Self.harms, outcome: .limits, until: nil, now: Self.now)
        let sent = AlertMessage.current(id, alert)
        let back = try StrictJSON.decode(AlertMessage.self, from: JSONEncoder().encode(sent))
        #expect(try back.checked(now: Self.now)?.person == alert.person)
        #expect(try AlertMessage.retraction(id).checked(now: Self.now) == nil)
        let sneaky = #"{"alert":"\#(id)","retracted":false,"narrative":"what happened"}"#
        #expect(throws: StrictJSON.Problem.self) { try StrictJSON.decode(AlertMessage.self, from: Data(sneaky.utf8)) }
        var far = alert
        far.expires = Self.now.addingTimeInterval(800 * Self.day)
        #expect(throws: StrictJSON.Problem.self) { try AlertMessage.current(id, far).checked(now: Self.now) }
        var control = alert
        control.person = "Ram\u{202E}ón"
        #expect(throws: StrictJSON.Problem.self) { try AlertMessage.current(id, control).checked(now: Self.now) }
        let empty = AlertMessage(alert: id, retracted: false, fields: nil)
        #expect(throws: StrictJSON.Problem.self) { try empty.checked(now: Self.now) }
    }
}

@Suite("When an alert may be prepared")
struct AlertBlockTests {
    static let rules = ResponseRules(
        allowed: [.temporaryLimits, .alertOtherCollectives], needsAssembly: [.alertOtherCollectives])

    static func blocked(
        outcome: CaseOutcome.Kind? = .limits, kept: Bool = false, rules: ResponseRules? = rules, decided: Bool = true,
        consent: Bool = true, open: Int = 1
    ) -> AlertConsentRule.Block? {
        AlertConsentRule.blocked(
            outcome: outcome, keptInCollective: kept, rules: rules, assemblyDecided: decided, consentStands: consent,
            openConnections: open)
    }

    @Test("each condition stops it on its own, with its own reason; all met, nothing stops it")
    func conditions() {
        #expect(Self.blocked() == nil)
        #expect(Self.blocked(outcome: nil) == .needOutcome)
        #expect(Self.blocked(kept: true) == .keptInCollective)
        #expect(Self.blocked(rules: nil) == .notInProtocol, "not classified")
        #expect(Self.blocked(rules: ResponseRules(allowed: [.temporaryLimits])) == .notInProtocol)
        #expect(Self.blocked(decided: false) == .needAssembly)
        #expect(
            Self.blocked(rules: ResponseRules(allowed: [.alertOtherCollectives]), decided: false) == nil, "no assembly needed")
        #expect(Self.blocked(consent: false) == .needConsent)
        #expect(Self.blocked(open: 0) == .noConnections)
        // Her wish is named before what the protocol or the assembly would say.
        #expect(Self.blocked(kept: true, decided: false, consent: false) == .keptInCollective)
    }
}
