@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import TejidoCore

/// Who is opening a case, and with what key.
enum CaseOpener: Sendable {
    /// Nobody: the case can be written to (its drop box) but not opened.
    case nobody
    /// A signed-in person, with the key their session holds.
    case person(userID: UUID, key: PersonalKey)
    /// A claim link, by the place it is for and its secret.
    case claimLink(personID: UUID, secret: String)
    /// The instance key alone: opens only a case made before cases were sealed to their people,
    /// until every reader has a wrap of their own. Never a new case.
    case instance

    var userID: UUID? {
        if case .person(let userID, _) = self { return userID }
        return nil
    }
}

/// Each case's data key, wrapped for each of its readers (`KeyWraps`). Who holds a wrap follows
/// who has a place in the case: given when someone is added (by the person adding them, who holds
/// the key), taken away when they leave.
struct CaseKeys {
    let database: any Database
    let keys: KeyRingStore

    var wraps: KeyWraps { .forCases(keys) }

    static func holder(account userID: UUID) -> String { KeyWraps.holder(account: userID) }
    static func holder(claim personID: UUID) -> String { "claim:\(personID)" }

    /// Wraps the case's key for `userID`, replacing any earlier wrap of theirs. False when they have
    /// no key yet (an account that has not signed in since cases were sealed to their people):
    /// the case is wrapped for them when someone in it opens it after they have.
    @discardableResult
    func give(_ vault: CaseVault, to userID: UUID, on db: any Database) async throws -> Bool {
        try await wraps.give(vault.dataKey, scope: vault.caseID, to: userID, on: db)
    }

    func give(_ vault: CaseVault, to userID: UUID, publicKey: PersonalKey.Public, on db: any Database) async throws {
        try await wraps.give(vault.dataKey, scope: vault.caseID, to: userID, publicKey: publicKey, on: db)
    }

    /// Wraps the case's key under a claim link's secret, for the place the link is for.
    func give(_ vault: CaseVault, toClaim personID: UUID, secret: String, on db: any Database) async throws {
        try await wraps.give(vault.dataKey, scope: vault.caseID, holder: Self.holder(claim: personID), secret: secret, on: db)
    }

    /// Takes `userID`'s wrap of the case away: their sessions can no longer open it.
    func take(_ caseID: UUID, from userID: UUID, on db: any Database) async throws {
        try await wraps.take(caseID, from: userID, on: db)
    }

    func takeClaim(_ caseID: UUID, personID: UUID, on db: any Database) async throws {
        try await wraps.take(caseID, holder: Self.holder(claim: personID), on: db)
    }

    func open(_ locked: Data, keyID: String, caseID: UUID, userID: UUID, with key: PersonalKey) -> SymmetricKey? {
        wraps.open(locked, keyID: keyID, scope: caseID, userID: userID, with: key)
    }

    /// The data key a claim link opens, if the link's wrap is there.
    func openClaim(_ caseID: UUID, personID: UUID, secret: String) async throws -> SymmetricKey? {
        try await wraps.open(caseID, holder: Self.holder(claim: personID), secret: secret, on: database)
    }

    func hasClaimWrap(_ caseID: UUID, personID: UUID) async throws -> Bool {
        try await wraps.find(caseID, holder: Self.holder(claim: personID), on: database) != nil
    }
}
