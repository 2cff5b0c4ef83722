@preconcurrency import Crypto
import Fluent
import FluentSQL
import Foundation
import SQLKit
import TejidoCore

/// One case, unsealed for one request: its record, its vault, its people and wishes. Built by
/// `CaseStore.load`; what it holds never leaves the request.
struct CaseFile: Sendable {
    struct Person: Sendable {
        let id: UUID
        let userID: UUID?
        let username: String?
        let body: ParticipantBody
        let addedAt: Date
        let removedAt: Date?
        /// Whether their account still belongs to the case's collective. Only the person harmed
        /// (or whoever acts for her) keeps a place in the case once outside it.
        var inCollective = true
        /// The fingerprint of the key their wrap of the case was made for, if they have one.
        var wrapRecipient: String? = nil
        /// The fingerprint of their account's key now, if they have one.
        var keyFingerprint: String? = nil
        /// Their account's public key, to wrap the case for them.
        var publicKey: Data? = nil
        /// Their account was deleted: the place stays in the case's history, with no one in it.
        var accountGone: Bool { userID == nil && body.userID != nil }

        var participation: CaseParticipation { body.participation }
        var role: CaseRole { body.participation.role }
        var isActive: Bool { removedAt == nil && body.left != true && !accountGone }
        /// Whether they hold the case's key: an active place, an account, and still in the
        /// collective (or the person harmed, who keeps her case outside it).
        var isReader: Bool { isActive && userID != nil && (inCollective || role == .survivor) }
        /// A wrap made for a key their account no longer has (a passphrase set anew by the
        /// operator, or a lost one): someone in the case must restore their access.
        var needsRestoring: Bool { isReader && wrapRecipient != nil && keyFingerprint != nil && wrapRecipient != keyFingerprint }
        /// No wrap yet, and no key to make one for: they have not signed in since cases were
        /// sealed to their people.
        var waitingForKey: Bool { isReader && wrapRecipient == nil && keyFingerprint == nil }
        /// An account's username, or the name the case knows someone without an account by.
        var name: String { username ?? body.name ?? "" }
        /// As `CaseReading` takes them.
        var asRead: CaseReading.Person { CaseReading.Person(id: id, role: role, name: name) }
    }

    let record: CaseRecord
    let id: UUID
    let collectiveID: UUID
    let vault: CaseVault
    let people: [Person]
    let wishes: CaseWishes
    let consents: [ConsentRow]
    /// When it was opened: whose consent stands (and so who holds its key) is decided as of then.
    var openedAt = Date()

    struct ConsentRow: Sendable {
        let id: UUID
        let consent: CaseConsent
        let createdAt: Date
        let until: Date?
        let revokedAt: Date?
        let recordedBy: UUID?
        let revokedBy: UUID?
    }

    var stage: CaseStage { CaseStage(rawValue: record.stage) ?? .deleted }
    var activePeople: [Person] { people.filter(\.isActive) }
    var survivor: Person? { activePeople.first { $0.role == .survivor } }
    /// Who holds the case's key: the respondent only while a consent to tell them stands (the
    /// policy hides the case from them the moment it runs out; so does the key).
    var readers: [Person] {
        let told = consentStands(.tellRespondent, now: openedAt)
        return people.filter { $0.isReader && ($0.role != .respondent || told) }
    }
    /// True once the instance key alone no longer opens the case: only its readers' keys do.
    var isSealedToPeople: Bool { record.wrappedKey == nil }

    func person(userID: UUID) -> Person? { activePeople.first { $0.userID == userID } }
    func person(id: UUID?) -> Person? { people.first { $0.id == id } }

    func consentStands(_ scope: CaseConsent.Scope, now: Date, except: UUID? = nil) -> Bool {
        consents.contains {
            $0.id != except && $0.consent.scope == scope
                && CaseConsent.stands(until: $0.until, revokedAt: $0.revokedAt, now: now)
        }
    }

    func facts(now: Date) -> CaseFacts {
        var participants: [UUID: CaseParticipation] = [:]
        for person in activePeople {
            if let userID = person.userID { participants[userID] = person.participation }
        }
        return CaseFacts(
            collectiveID: collectiveID, participants: participants, stage: stage, limits: wishes.limits,
            respondentConsentStands: consentStands(.tellRespondent, now: now),
            assemblyConsentStands: consentStands(.assemblyItem, now: now),
            historyRecoveryConsentStands: consentStands(.historyRecovery, now: now))
    }

    func open<Value: Decodable>(_ type: Value.Type, _ sealed: Data?, field: String, row: UUID? = nil) -> Value? {
        guard let sealed else { return nil }
        return try? vault.open(type, sealed, field: field, row: row)
    }

    /// A timeline entry; one written without reading only as what such an entry may be.
    func entry(_ sealed: Data?, row: UUID) -> EntryBody? {
        guard let sealed, let body = open(EntryBody.self, sealed, field: "entry", row: row) else { return nil }
        return CaseVault.wasDropped(sealed) ? body.asDropped : body
    }

    /// Rows whose sealed body opens as `Value`, each with its id and content, in the order given;
    /// a row that does not open (another case's, or tampered with) is left out.
    func opened<Row: SealedCaseRow, Value: Decodable>(
        _ rows: [Row], as type: Value.Type, field: String
    ) -> [(
        row: Row, id: UUID, value: Value
    )] {
        rows.compactMap { row in
            guard let id = row.id, let value = open(type, row.body, field: field, row: id) else { return nil }
            return (row, id, value)
        }
    }

    var disclosure: Disclosure? { open(Disclosure.self, record.disclosure, field: "disclosure") }
    var classification: Classification? { open(Classification.self, record.classification, field: "classification") }
    var safetyPlan: SafetyPlan { open(SafetyPlan.self, record.safetyPlan, field: "safety_plan") ?? SafetyPlan() }
    var podMap: PodMap { open(PodMap.self, record.podMap, field: "pod_map") ?? PodMap() }
}
