import Foundation
import Testing

@testable import TejidoCore

@Suite("Account rules")
struct AccountRulesTests {
    @Test("usernames: any script, trimmed, compared case- and width-insensitively")
    func usernames() throws {
        #expect(try Username("  Ana_B ").display == "Ana_B")
        #expect(try Username("Ana").normalized == (try Username("ana")).normalized)
        #expect(try Username("Ａｎａ").normalized == "ana")
        #expect(try Username("Zoë").normalized == (try Username("zoë")).normalized)
        #expect(try Username("Ольга").display == "Ольга")
    }

    @Test(
        "bad usernames name their problem",
        arguments: [
            ("ab", "error_username_length"), (String(repeating: "a", count: 33), "error_username_length"),
            ("ana maría", "error_username_characters"), ("<script>", "error_username_characters"),
            ("a@b.c", "error_username_characters"),
        ])
    func badUsernames(raw: String, key: String) {
        #expect(throws: TejidoError.invalid([FieldProblem(field: "username", messageKey: key)])) { try Username(raw) }
    }

    @Test("passphrases from 10 to 256 characters, counted as a reader counts them")
    func passphraseLength() {
        #expect(PassphrasePolicy.problems("short one").map(\.messageKey) == ["error_passphrase_short"])
        #expect(PassphrasePolicy.problems("ñandú árbol púrpura").isEmpty)
        // Ten characters that take more than ten bytes each still count as ten.
        #expect(PassphrasePolicy.problems("👩🏽‍🦱🌵🌙🐢🍉🪴🎈🦉📚🧶").isEmpty)
        #expect(PassphrasePolicy.problems(String(repeating: "x7k", count: 86)).map(\.messageKey) == ["error_passphrase_long"])
        #expect(PassphrasePolicy.problems("violet tide under 256 " + String(repeating: "q", count: 234)).isEmpty)
    }

    @Test(
        "common passphrases and their usual dressing are refused",
        arguments: [
            "password123", "Password2024!", "1234567890", "qwertyuiop", "contraseña123", "aaaaaaaaaaaa",
            "abcabcabcabc", "iloveyou!!!!", "9876543210", "letmein12345", "administrator",
        ])
    func commonPassphrases(passphrase: String) {
        #expect(PassphrasePolicy.problems(passphrase).map(\.messageKey) == ["error_passphrase_common"])
    }

    @Test("a passphrase that is just the username is refused")
    func usernameAsPassphrase() {
        #expect(PassphrasePolicy.isCommon("marisol2024", username: "marisol"))
        #expect(!PassphrasePolicy.isCommon("marisol sings by the river", username: "marisol"))
    }

    @Test(
        "ordinary good passphrases pass", arguments: ["correct mango lantern", "la luna y el río 7", "tejido-de-colores-vivos"])
    func goodPassphrases(passphrase: String) {
        #expect(PassphrasePolicy.problems(passphrase).isEmpty)
    }

    @Test("login throttle: free attempts, then a doubling wait, capped, and forgotten after a day")
    func throttle() {
        let rule = LoginThrottle(freeAttempts: 5, firstDelay: 2, maximumDelay: 60)
        let start = Date(timeIntervalSince1970: 1_000_000)
        var state = LoginThrottle.State()
        for _ in 0..<4 { state = rule.recordingFailure(state, now: start) }
        #expect(rule.nextAttemptAllowed(state, now: start) == nil)
        state = rule.recordingFailure(state, now: start)
        #expect(rule.nextAttemptAllowed(state, now: start) == start.addingTimeInterval(2))
        #expect(rule.nextAttemptAllowed(state, now: start.addingTimeInterval(2)) == nil)
        state = rule.recordingFailure(state, now: start)
        #expect(rule.delay(afterFailures: state.failures) == 4)
        #expect(rule.delay(afterFailures: 50) == 60)
        #expect(rule.current(state, now: start.addingTimeInterval(25 * 3600)).failures == 0)
    }

    @Test("sessions end after idle time or absolute lifetime, whichever first")
    func sessionLifetime() {
        let lifetime = SessionLifetime(idleTimeout: 30 * 60, maximumLifetime: 12 * 3600)
        let created = Date(timeIntervalSince1970: 0)
        #expect(lifetime.isAlive(createdAt: created, lastSeenAt: created, now: created.addingTimeInterval(29 * 60)))
        #expect(!lifetime.isAlive(createdAt: created, lastSeenAt: created, now: created.addingTimeInterval(31 * 60)))
        let late = created.addingTimeInterval(12 * 3600)
        #expect(!lifetime.isAlive(createdAt: created, lastSeenAt: late.addingTimeInterval(-60), now: late))
    }

    @Test("a collective always keeps an admin")
    func lastAdmin() throws {
        #expect(throws: TejidoError.conflict(messageKey: "error_members_last_admin")) {
            try MembershipRules.checkAdminRemains(currentRole: .admin, newRole: .member, adminCount: 1)
        }
        try MembershipRules.checkAdminRemains(currentRole: .admin, newRole: .member, adminCount: 2)
        try MembershipRules.checkAdminRemains(currentRole: .member, newRole: nil, adminCount: 1)
    }

    @Test("invites are usable only unused, unrevoked and unexpired")
    func invites() {
        let now = Date(timeIntervalSince1970: 1000)
        #expect(InviteRules.isUsable(expiresAt: now + 1, usedAt: nil, revokedAt: nil, now: now))
        #expect(!InviteRules.isUsable(expiresAt: now, usedAt: nil, revokedAt: nil, now: now))
        #expect(!InviteRules.isUsable(expiresAt: now + 1, usedAt: now, revokedAt: nil, now: now))
        #expect(!InviteRules.isUsable(expiresAt: now + 1, usedAt: nil, revokedAt: now, now: now))
    }
}
