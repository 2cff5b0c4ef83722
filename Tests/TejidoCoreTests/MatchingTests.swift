@preconcurrency import Crypto
import Foundation
import Testing
@preconcurrency import _CryptoExtras

@testable import TejidoCore

/// Repeat-harm matching's domain (issue 19): canonical identifiers, the tag through a cascade of
/// oblivious key holders, and what the board decides knowing only tags.
@Suite("Matching: canonical identifiers")
struct MatchingIdentifierTests {
    /// Shared test vectors: every spelling on the left gives the canonical text on the right.
    /// `docs/matching.md` lists the same ones.
    static let vectors: [(MatchingIdentifier, String)] = [
        (.email("  Ramon.Perez@Example.ORG "), "email:ramon.perez@example.org"),
        (.email("mailto:ramon.perez@example.org"), "email:ramon.perez@example.org"),
        (.email("ＲＡＭＯＮ.perez@example.org"), "email:ramon.perez@example.org"),
        (.phone("55 1234 5678", country: "MX"), "phone:+525512345678"),
        (.phone("+52 (55) 1234-5678", country: "ES"), "phone:+525512345678"),
        (.phone("0052 55 1234 5678", country: "MX"), "phone:+525512345678"),
        (.phone("612 34 56 78", country: "es"), "phone:+34612345678"),
        (.phone("020 7946 0018", country: "GB"), "phone:+442079460018"),
        (.phone("06 1234 5678", country: "IT"), "phone:+390612345678"),
        (.handle("@Ramon_Perez", platform: .instagram), "handle:instagram:ramon_perez"),
        (.handle("https://www.instagram.com/ramon_perez/?hl=es", platform: .instagram), "handle:instagram:ramon_perez"),
        (.handle("ramon_perez", platform: .instagram), "handle:instagram:ramon_perez"),
        (.handle("@ramon@social.example", platform: .mastodon), "handle:mastodon:ramon@social.example"),
        (.name("  José   Pérez ", yearOfBirth: 1990), "name:jose perez:1990"),
        (.name("JOSE PEREZ", yearOfBirth: 1990), "name:jose perez:1990"),
        (.name("Jose\u{200B} Perez", yearOfBirth: 1990), "name:jose perez:1990"),
    ]

    @Test("every spelling of the same identifier gives one canonical text")
    func canonicalForms() throws {
        for (identifier, expected) in Self.vectors {
            #expect(try identifier.canonical(currentYear: 2026) == expected, "\(identifier)")
        }
    }

    @Test("malformed identifiers get a precise reason and are never used")
    func refused() {
        let cases: [(MatchingIdentifier, MatchingIdentifier.Problem)] = [
            (.email("   "), .empty),
            (.email("ramon"), .email),
            (.email("ramon@localhost"), .email),
            (.email("ra mon@example.org"), .email),
            (.email("a@b@example.org"), .email),
            (.phone("5512345678", country: "ZZ"), .country),
            (.phone("call me", country: "MX"), .phone),
            (.phone("+52 123", country: "MX"), .phone),
            (.phone("+1234567890123456", country: "MX"), .phone),
            (.handle("@", platform: .x), .handle),
            (.handle("ramón!", platform: .x), .handle),
            (.handle("https://instagram.com/", platform: .instagram), .handle),
            (.name("Ramon", yearOfBirth: 1990), .name),
            (.name("Ramon P3rez", yearOfBirth: 1990), .name),
            (.name("Ramon Perez", yearOfBirth: 1850), .year),
            (.name("Ramon Perez", yearOfBirth: 2030), .year),
            (.email(String(repeating: "a", count: 300) + "@example.org"), .tooLong),
        ]
        for (identifier, problem) in cases {
            #expect(throws: problem, "\(identifier)") { try identifier.canonical(currentYear: 2026) }
        }
    }
}

@Suite("Matching: the tag through the key holders")
struct MatchingCascadeTests {
    static let circle = UUID()
    static let holders = [P384._VOPRF.PrivateKey(), P384._VOPRF.PrivateKey()]

    /// Each key holder evaluates as its server would, with its own key.
    static func honest(_ keys: [P384._VOPRF.PrivateKey]) -> MatchingCascade.Evaluate {
        { holder, blinded in try MatchingCascade.evaluate(blinded, with: keys[holder]) }
    }

    static func tag(
        _ text: String, keys: [P384._VOPRF.PrivateKey] = holders, answering: [P384._VOPRF.PrivateKey]? = nil
    )
        async throws -> MatchTag
    {
        try await MatchingCascade.tag(
            for: text, circle: circle, holders: keys.map(\.publicKey), evaluate: honest(answering ?? keys))
    }

    @Test("the same identifier gives the same tag from two instances, whatever the blinding; another gives another")
    func sameTag() async throws {
        let first = try MatchingIdentifier.email("Ramon@Example.org").canonical(currentYear: 2026)
        let second = try MatchingIdentifier.email(" ramon@example.ORG").canonical(currentYear: 2026)
        let a = try await Self.tag(first)
        let b = try await Self.tag(second)
        #expect(a == b)
        #expect(try await Self.tag("email:someone@example.org") != a)
        // The tag belongs to the circle: the same keys in another circle give another.
        let other = try await MatchingCascade.tag(
            for: first, circle: UUID(), holders: Self.holders.map(\.publicKey), evaluate: Self.honest(Self.holders))
        #expect(other != a)
    }

    @Test("an entry's identifiers go through the cascade together and come back in their order")
    func entry() async throws {
        let texts = ["email:ramon@example.org", "phone:+525512345678", "email:ramon@example.org"]
        let tags = try await MatchingCascade.tags(
            for: texts, circle: Self.circle, holders: Self.holders.map(\.publicKey), evaluate: Self.honest(Self.holders))
        #expect(tags.count == 3 && tags[0] == tags[2] && tags[0] != tags[1])
        #expect(tags[1] == (try await Self.tag(texts[1])))
    }

    @Test("one request per key holder gives the same tags; a tampered answer, or one missing, is refused")
    func batched() async throws {
        let texts = ["email:ramon@example.org", "phone:+525512345678", "handle:instagram:ramon", "name:ramon perez:1990"]
        let honest: MatchingCascade.EvaluateAll = { holder, blinded in
            try await MatchingCascade.evaluate(blinded, with: Self.holders[holder])
        }
        let batched = try await MatchingCascade.tags(
            for: texts, circle: Self.circle, holders: Self.holders.map(\.publicKey), evaluateAll: honest)
        let oneByOne = try await MatchingCascade.tags(
            for: texts, circle: Self.circle, holders: Self.holders.map(\.publicKey), evaluate: Self.honest(Self.holders))
        #expect(batched == oneByOne && Set(batched).count == 4)
        let tampering: MatchingCascade.EvaluateAll = { holder, blinded in
            var answers = try await MatchingCascade.evaluate(blinded, with: Self.holders[holder])
            if holder == 1 { answers[2][answers[2].count - 1] ^= 0x01 }
            return answers
        }
        await #expect(throws: MatchingCascade.Problem.badAnswer(holder: 1)) {
            _ = try await MatchingCascade.tags(
                for: texts, circle: Self.circle, holders: Self.holders.map(\.publicKey), evaluateAll: tampering)
        }
        let short: MatchingCascade.EvaluateAll = { holder, blinded in
            Array(try await MatchingCascade.evaluate(blinded, with: Self.holders[holder]).dropLast())
        }
        await #expect(throws: MatchingCascade.Problem.badAnswer(holder: 0)) {
            _ = try await MatchingCascade.tags(
                for: texts, circle: Self.circle, holders: Self.holders.map(\.publicKey), evaluateAll: short)
        }
    }

    @Test("a key holder that answers with another key, or a tampered answer, is refused by its proof")
    func wrongKey() async throws {
        let impostor = [Self.holders[0], P384._VOPRF.PrivateKey()]
        await #expect(throws: MatchingCascade.Problem.badAnswer(holder: 1)) {
            _ = try await Self.tag("email:ramon@example.org", answering: impostor)
        }
        let tampering: MatchingCascade.Evaluate = { holder, blinded in
            var answer = try MatchingCascade.evaluate(blinded, with: Self.holders[holder])
            answer[answer.count - 1] ^= 0x01
            return answer
        }
        await #expect(throws: MatchingCascade.Problem.badAnswer(holder: 0)) {
            _ = try await MatchingCascade.tag(
                for: "email:ramon@example.org", circle: Self.circle, holders: Self.holders.map(\.publicKey),
                evaluate: tampering)
        }
        await #expect(throws: MatchingCascade.Problem.noKeyHolders) {
            _ = try await MatchingCascade.tag(for: "x", circle: Self.circle, holders: [], evaluate: Self.honest([]))
        }
    }

    @Test("no single key holder can compute a tag: with one key the guess gives another tag")
    func splitKeys() async throws {
        let text = "email:ramon@example.org"
        let real = try await Self.tag(text)
        // Key holder 0 tries a guess with its own key alone (the unblinded PRF), as if it were the whole cascade.
        let alone = MatchingCascade.tag(
            fromOutput: try Self.holders[0].evaluate(Data((MatchingCascade.domain + text).utf8)), circle: Self.circle)
        #expect(alone != real)
        // With every key, the unblinded chain gives the same tag as the oblivious one: the tag is
        // a function of the identifier and the keys only.
        var input = Data((MatchingCascade.domain + text).utf8)
        for key in Self.holders { input = try key.evaluate(input) }
        #expect(MatchingCascade.tag(fromOutput: input, circle: Self.circle) == real)
    }

    @Test("a key holder's quota refuses the evaluation past its daily number")
    func quota() {
        let quota = EvaluationQuota(perInstancePerDay: 3)
        #expect(quota.allows(alreadyToday: 2))
        #expect(!quota.allows(alreadyToday: 3))
    }
}

@Suite("Matching: the board")
struct MatchBoardTests {
    static let tag = MatchTag(bytes: Data(repeating: 7, count: 32))

    static func record(_ instance: String, _ survivor: String, threshold: Int = 2) -> MatchBoardRules.Record {
        MatchBoardRules.Record(id: UUID(), tag: tag, instance: instance, survivor: survivor, threshold: threshold)
    }

    @Test("one survivor filing twice never matches; two survivors match; a threshold of three waits for a third")
    func thresholds() throws {
        let first = Self.record("a", "s1")
        #expect(MatchBoardRules.matched([first]).isEmpty)
        #expect(throws: MatchBoardRules.Refusal.duplicate) { try MatchBoardRules.admit(Self.record("a", "s1"), among: [first]) }
        #expect(throws: MatchBoardRules.Refusal.threshold) {
            try MatchBoardRules.admit(Self.record("b", "s2", threshold: 4), among: [first])
        }
        let cautious = Self.record("b", "s2", threshold: 3)
        try MatchBoardRules.admit(cautious, among: [first])
        #expect(MatchBoardRules.matched([first, cautious]).map(\.id) == [first.id], "the one who chose three waits")
        // The same pseudonym on another instance is another survivor.
        let third = Self.record("c", "s1")
        #expect(Set(MatchBoardRules.matched([first, cautious, third]).map(\.id)) == [first.id, cautious.id, third.id])
    }

    @Test("matches are told the Monday after, whatever the day of the week they were found")
    func weekly() {
        let formatter = ISO8601DateFormatter()
        let wednesday = formatter.date(from: "2026-12-02T15:00:00Z")!
        let sunday = formatter.date(from: "2026-12-06T23:59:00Z")!
        let monday = formatter.date(from: "2026-12-07T00:00:00Z")!
        #expect(MatchBoardRules.nextNotice(after: wednesday) == monday)
        #expect(MatchBoardRules.nextNotice(after: sunday) == monday)
        #expect(MatchBoardRules.nextNotice(after: monday) == formatter.date(from: "2026-12-14T00:00:00Z")!)
    }

    @Test("at most three entries per survivor and four identifiers per entry")
    func entryLimits() throws {
        try MatchingEntryLimits.check(activeEntries: 2, identifiers: 4)
        #expect(throws: MatchingEntryLimits.Problem.tooManyEntries) {
            try MatchingEntryLimits.check(activeEntries: 3, identifiers: 1)
        }
        #expect(throws: MatchingEntryLimits.Problem.tooManyIdentifiers) {
            try MatchingEntryLimits.check(activeEntries: 0, identifiers: 5)
        }
        #expect(throws: MatchingEntryLimits.Problem.noIdentifiers) {
            try MatchingEntryLimits.check(activeEntries: 0, identifiers: 0)
        }
    }
}

@Suite("Matching: the circle's manifest")
struct CircleManifestTests {
    struct Party {
        let signing = Curve25519.Signing.PrivateKey()
        let oprf = P384._VOPRF.PrivateKey()
        let fingerprint = UUID().uuidString

        func member(_ roles: [CircleManifest.Role], key: Bool = false) -> CircleManifest.Member {
            CircleManifest.Member(
                fingerprint: fingerprint, signingKey: signing.publicKey.rawRepresentation.base64EncodedString(), roles: roles,
                oprfKey: key ? oprf.publicKey.compressedRepresentation.base64EncodedString() : nil)
        }
    }

    static func circle(_ parties: [Party], name: String = "Red del sur") -> CircleManifest {
        CircleManifest(
            circle: UUID(uuidString: "00000000-0000-0000-0000-000000000019")!, name: name, version: 1,
            members: [
                parties[0].member([.member, .keyHolder], key: true), parties[1].member([.member, .keyHolder], key: true),
                parties[2].member([.member, .board]), parties[3].member([.member]),
            ])
    }

    @Test("signed by every member it holds; one byte changed, or one signature missing, and it is refused")
    func signatures() throws {
        let parties = (0..<4).map { _ in Party() }
        let manifest = Self.circle(parties)
        var signatures: [String: Data] = [:]
        for party in parties { signatures[party.fingerprint] = try manifest.signature(by: party.signing) }
        try manifest.verify(signatures: signatures)
        #expect(
            try manifest.keyHolderKeys().map(\.compressedRepresentation)
                == parties[0...1].map(\.oprf.publicKey.compressedRepresentation))
        // A member shown a manifest that differs from the one it signed.
        #expect(throws: CircleManifest.Problem.signature) {
            try Self.circle(parties, name: "Red del sur ").verify(signatures: signatures)
        }
        var missing = signatures
        missing[parties[3].fingerprint] = nil
        #expect(throws: CircleManifest.Problem.signature) { try manifest.verify(signatures: missing) }
    }

    @Test("two key holders at least, one board that holds no key, limits no looser than the standard")
    func roles() {
        let p = (0..<4).map { _ in Party() }
        let id = UUID()
        let oneHolder = CircleManifest(
            circle: id, name: "c", version: 1, members: [p[0].member([.keyHolder], key: true), p[1].member([.board])])
        #expect(throws: CircleManifest.Problem.roles) { try oneHolder.validated() }
        let boardHolds = CircleManifest(
            circle: id, name: "c", version: 1,
            members: [p[0].member([.keyHolder], key: true), p[1].member([.keyHolder, .board], key: true)])
        #expect(throws: CircleManifest.Problem.roles) { try boardHolds.validated() }
        let keyless = CircleManifest(
            circle: id, name: "c", version: 1,
            members: [p[0].member([.keyHolder], key: true), p[1].member([.keyHolder]), p[2].member([.board])])
        #expect(throws: CircleManifest.Problem.roles) { try keyless.validated() }
        let loose = CircleManifest(
            circle: id, name: "c", version: 1,
            members: [p[0].member([.keyHolder], key: true), p[1].member([.keyHolder], key: true), p[2].member([.board])],
            limits: .init(evaluationsPerInstancePerDay: 10_000, entriesPerSurvivor: 3, identifiersPerEntry: 4))
        #expect(throws: CircleManifest.Problem.limits) { try loose.validated() }
    }

    @Test("the next version replaces exactly one key holder's key; two keys, a role, a member or a skipped version is refused")
    func rekeyed() throws {
        let parties = (0..<4).map { _ in Party() }
        let manifest = Self.circle(parties)
        let fresh = MatchingKeys.publicKey(of: MatchingKeys.newKey())
        let next = manifest.rekeyed(holder: parties[1].fingerprint, key: fresh)
        #expect(next.version == 2 && next.keyHolders[1].oprfKey == fresh && next.keyHolders[0] == manifest.keyHolders[0])
        #expect(manifest.rekeyedHolder(in: next) == parties[1].fingerprint)
        #expect(manifest.rekeyedHolder(in: manifest) == nil, "nothing replaced")
        let both = next.rekeyed(holder: parties[0].fingerprint, key: fresh)
        #expect(
            manifest.rekeyedHolder(in: CircleManifest(circle: both.circle, name: both.name, version: 2, members: both.members))
                == nil)
        #expect(manifest.rekeyedHolder(in: next.rekeyed(holder: parties[0].fingerprint, key: fresh)) == nil, "a version skipped")
        var members = next.members
        members[3] = parties[3].member([.member, .keyHolder], key: true)
        #expect(
            manifest.rekeyedHolder(in: CircleManifest(circle: next.circle, name: next.name, version: 2, members: members)) == nil)
        members = next.members
        members[3] = Party().member([.member])
        #expect(
            manifest.rekeyedHolder(in: CircleManifest(circle: next.circle, name: next.name, version: 2, members: members)) == nil)
    }

    @Test(
        "a member joins or leaves as the next version: one change at a time, never the founder or board leaving, never under two key holders"
    )
    func membership() throws {
        let parties = (0..<5).map { _ in Party() }
        let manifest = Self.circle(parties)
        // A joiner is a plain member at the end; the keys and so every entry stay.
        let joined = manifest.adding(parties[4].member([.member, .keyHolder], key: true))
        #expect(joined.version == 2 && joined.members.last?.roles == [.member] && joined.members.last?.oprfKey == nil)
        #expect(manifest.change(to: joined) == .added(parties[4].fingerprint))
        #expect(joined.keysVersion == 1 && joined.keeps(entryOf: 1) && joined.keeps(entryOf: 2) && !joined.keeps(entryOf: 3))
        // A plain member leaves: the keys stay. A key holder leaves (three held keys): they change.
        let plain = try #require(joined.removing(parties[3].fingerprint))
        #expect(joined.change(to: plain) == .removed(parties[3].fingerprint) && plain.keysVersion == 1)
        let three = manifest.rekeyed(holder: parties[0].fingerprint, key: MatchingKeys.publicKey(of: MatchingKeys.newKey()))
        var members = joined.members
        members[4] = parties[4].member([.member, .keyHolder], key: true)
        let wide = CircleManifest(circle: three.circle, name: three.name, version: 2, members: members)
        let holderGone = try #require(wide.removing(parties[1].fingerprint))
        #expect(wide.change(to: holderGone) == .removed(parties[1].fingerprint))
        #expect(holderGone.keysVersion == 3 && !holderGone.keeps(entryOf: 2))
        // The founder, the board, or one of only two key holders cannot leave without ending it.
        #expect(manifest.removing(parties[0].fingerprint) == nil)
        #expect(manifest.removing(parties[2].fingerprint) == nil)
        #expect(manifest.removing(parties[1].fingerprint) == nil)
        #expect(manifest.removing(Party().fingerprint) == nil)
        // Refused: a joiner with a role, two joining, keys moved with a joining, a version skipped.
        var keyed = joined.members
        keyed[4] = parties[4].member([.member, .keyHolder], key: true)
        let roles = CircleManifest(circle: joined.circle, name: joined.name, version: 2, members: keyed, keysSince: 1)
        #expect(manifest.change(to: roles) == nil)
        #expect(manifest.change(to: joined.adding(Party().member([.member]))) == nil)
        let moved = CircleManifest(circle: joined.circle, name: joined.name, version: 2, members: joined.members)
        #expect(manifest.change(to: moved) == nil, "a joining that claims the keys changed")
        let renamed = CircleManifest(
            circle: joined.circle, name: "Otra red", version: 2, members: joined.members, keysSince: 1)
        #expect(manifest.change(to: renamed) == nil)
        #expect(manifest.change(to: try #require(joined.removing(parties[3].fingerprint))) == nil, "a version skipped")
        // A leaving is the leaver's own word, over the version it left.
        let said = try parties[3].signing.signature(for: joined.leaveStatement())
        #expect(joined.leaveHolds(said, by: parties[3].fingerprint))
        #expect(!joined.leaveHolds(said, by: parties[1].fingerprint), "another member's key")
        #expect(!plain.leaveHolds(said, by: parties[1].fingerprint))
        let founderSaid = try parties[0].signing.signature(for: joined.leaveStatement())
        #expect(!joined.leaveHolds(founderSaid, by: parties[3].fingerprint), "the founder cannot say it for her")
        #expect(!manifest.leaveHolds(said, by: parties[3].fingerprint), "a later version")
        // Said at version 2 just as version 3 (a joining it had signed) completed: it still holds;
        // at version 4, no longer.
        let third = joined.adding(Party().member([.member]))
        #expect(third.leaveHolds(said, by: parties[3].fingerprint))
        #expect(!third.adding(Party().member([.member])).leaveHolds(said, by: parties[3].fingerprint))
        // A manifest without keysSince signs the same bytes as before the field existed.
        #expect(!String(decoding: manifest.signedBytes, as: UTF8.self).contains("keysSince"))
        #expect(String(decoding: joined.signedBytes, as: UTF8.self).contains("\"keysSince\":1"))
    }
}
