import Fluent
import Foundation
import SQLKit
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// Cases sealed to the people in them: what a seized server opens, and who holds a case's key.
@Suite("Sealed to the people in the case")
struct SealingTests {
    static let markers = [
        "ZQ-NARRATIVE-7781", "ZQ-WORDS-5521", "ZQSEALENTRY", "ZQSEALPLAN", "ZQSEALPOD", "ZQSEALTASK", "ZQSEALCONSENT",
        "ZQSEALREASON", "ZQSEALAWAY", "ZQSEALITEM", "ZQSEALOTHER",
    ]

    /// A case holding a marker in every sealed field, the respondent's case of another member,
    /// and an assembly item from the first.
    static func markedCases(_ app: Application) async throws -> (CaseTests.People, String, String) {
        let p = try await CaseTests.people(app, ["want_keep_away": "1", "keep_away_from": "ZQSEALAWAY"])
        let url = p.caseURL
        _ = try await p.sofi.post(url + "/people", ["username": "cora", "role": "facilitator"])
        _ = try await p.sofi.post(url + "/entries", ["kind": "note", "visibility": "only_me", "text": "ZQSEALENTRY"])
        _ = try await p.sofi.post(url + "/safety", ["safe_places": "ZQSEALPLAN"])
        _ = try await p.sofi.post(url + "/pod", ["pod_name": "ZQSEALPOD", "ring": "solid"])
        _ = try await p.sofi.post(url + "/tasks", ["title": "ZQSEALTASK"])
        _ = try await p.sofi.post(url + "/consents", ["scope": "assembly_item", "detail": "ZQSEALCONSENT", "days": "10"])
        _ = try await p.sofi.post(url + "/assembly", ["title": "ZQSEALITEM", "text": "A summary she approved"])
        _ = try await p.cora.post(url + "/classify", ["choice": "physical/1", "reason": "ZQSEALREASON"])
        let other = try await Fixtures.disclose(p.beto, slug: "casa", ["narrative": "ZQSEALOTHER"])
        let page = try await p.sofi.get(url).text
        #expect(page.contains("ZQSEALENTRY") && page.contains("ZQSEALREASON"), "the markers were written")
        #expect(try await p.ana.get("/c/casa/assembly").text.contains("ZQSEALITEM"), "the assembly reads the item")
        return (p, url, other)
    }

    static func caseID(_ url: String) throws -> UUID { try #require(UUID(uuidString: String(url.split(separator: "/").last!))) }

    /// Everything the code offers to open a case with, short of someone's passphrase or cookie.
    static func openedWithoutAnyone(_ app: Application, _ caseIDs: [UUID], collectiveID: UUID) async throws -> [String] {
        var opened: [String] = []
        let keys = app.tejido.keys
        for opener in [CaseOpener.instance, .nobody] {
            for id in caseIDs {
                if let file = try await CaseStore(database: app.db, keys: keys, opener: opener).load(id, in: collectiveID) {
                    opened.append("case \(id) with \(opener)")
                    _ = file
                }
            }
        }
        // Every claim-link wrap, tried with what the database keeps of each link: its hash.
        let claimHashes = try await CaseParticipantRecord.query(on: app.db).all().compactMap(\.claimHash)
        for wrap in try await CaseKeyRecord.query(on: app.db).all() {
            if wrap.holder.hasPrefix("claim:"), let personID = UUID(uuidString: String(wrap.holder.dropFirst(6))) {
                for hash in claimHashes {
                    let store = CaseStore(database: app.db, keys: keys, opener: .claimLink(personID: personID, secret: hash))
                    if try await store.load(wrap.caseID, in: collectiveID) != nil { opened.append("claim wrap") }
                }
            }
            // The instance key lifts the outer lock: what is under it is for someone's own key.
            let inner = try keys.current.unlock(
                wrap.wrapped, keyID: wrap.keyID, label: KeyWraps.forCases(keys).lockLabel(wrap.caseID, wrap.holder))
            if (try? CaseKeyWrap.unwrap(inner, scope: wrap.caseID, holder: wrap.holder, with: PersonalKey.generate()))
                != nil
            {
                opened.append("a wrap opened with a stranger's key")
            }
        }
        if try await CollectiveKeys(database: app.db, keys: keys).open(collectiveID, opener: .instance) != nil {
            opened.append("the collective's key")
        }
        // Any session left would hold a key sealed under a cookie the server does not keep.
        if try await UserSessionRecord.query(on: app.db).count() > 0 { opened.append("a session is still open") }
        return opened
    }

    /// Every value of every table, as text and as bytes: what someone holding the database sees.
    static func everythingStored(_ app: Application) async throws -> String {
        let sql = try #require(app.db as? any SQLDatabase)
        let tables =
            isPostgresRun
            ? try await sql.raw("SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()").all()
            : try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all()
        var text = ""
        for table in tables {
            let name = try table.decode(column: "name", as: String.self)
            for row in try await sql.raw("SELECT * FROM \(ident: name)").all() {
                for column in row.allColumns {
                    if let value = try? row.decode(column: column, as: String.self) {
                        text += value + "\n"
                    } else if let bytes = try? row.decode(column: column, as: Data.self) {
                        text += String(decoding: bytes, as: UTF8.self) + "\n"
                    }
                }
            }
        }
        return text
    }

    @Test("a server copied while nobody is signed in opens no case; one signed-in reader opens only her own")
    func seizedServer() async throws {
        try await withTejido { app, _ in
            let (p, url, other) = try await Self.markedCases(app)
            // A case opened for someone without an account, with its claim link waiting.
            let forOther = try await Fixtures.disclose(
                p.beto, slug: "casa", ["for": "other", "survivor_name": "ZQSEALNAME", "agreed_to": "She asked me to"])
            _ = try await p.beto.post(forOther + "/claim-link", [:])
            #expect(try await CaseKeyRecord.query(on: app.db).all().contains { $0.holder.hasPrefix("claim:") })
            let ids = [try Self.caseID(url), try Self.caseID(other), try Self.caseID(forOther)]
            for browser in [p.ana, p.sofi, p.beto, p.cora, p.ramon] {
                #expect(try await browser.post("/logout", [:]).status == .seeOther)
            }
            #expect(try await CaseRecord.query(on: app.db).filter(\.$wrappedKey != nil).count() == 0, "no instance wrap")
            #expect(try await Self.openedWithoutAnyone(app, ids, collectiveID: p.casa.id).isEmpty)
            let everything = try await Self.everythingStored(app)
            #expect(everything.contains("Casa"), "the copy reads real rows")
            for marker in Self.markers + ["ZQSEALNAME"] { #expect(!everything.contains(marker), "\(marker) is readable") }
            for item in try await AssemblyItemRecord.query(on: app.db).filter(\.$caseID != nil).all() {
                #expect(item.sealed?.first == PublicSeal.format, "sealed to the collective's public key")
            }
            for line in try await CaseAccessRecord.query(on: app.db).all() {
                #expect(line.body.first == PublicSeal.format, "written without reading")
            }

            // One reader signs in. A live, compromised server holds her cookie for as long as it
            // lasts: with it, her cases open, and nobody else's.
            try await p.sofi.signIn("sofi")
            let token = try #require(p.sofi.sessionCookie)
            let session = try #require(try await UserSessionRecord.query(on: app.db).first())
            let sofiID = session.$user.id
            let key = try PersonalKey.openSession(try #require(session.sealedKey), token: token, owner: sofiID)
            let store = CaseStore(database: app.db, keys: app.tejido.keys, opener: .person(userID: sofiID, key: key))
            let hers = try #require(try await store.load(ids[0], in: p.casa.id))
            #expect(hers.disclosure?.narrative == "ZQ-NARRATIVE-7781")
            #expect(try await store.load(ids[1], in: p.casa.id) == nil, "not a case she is in")
            // Without the cookie the session's copy is nothing.
            #expect(throws: SealingError.self) {
                try PersonalKey.openSession(session.sealedKey!, token: SecretToken.generate().value, owner: sofiID)
            }
            #expect(try await Self.openedWithoutAnyone(app, [ids[1]], collectiveID: p.casa.id) == ["a session is still open"])
        }
    }

    @Test("each person added gets a wrap and loses it on leaving; a removed supporter's old session opens nothing")
    func wrapsFollowPlaces() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            let url = p.caseURL
            let caseID = try Self.caseID(url)
            func holders() async throws -> Set<String> {
                let users = try await UserRecord.query(on: app.db).all()
                let names = Dictionary(
                    uniqueKeysWithValues: try users.map { (KeyWraps.holder(account: try $0.requireID()), $0.username) })
                return Set(
                    try await CaseKeyRecord.query(on: app.db).filter(\.$caseID == caseID).all().map {
                        names[$0.holder] ?? $0.holder
                    })
            }
            #expect(try await holders() == ["sofi"])
            #expect(try await p.sofi.post(url + "/people", ["username": "beto", "role": "supporter"]).status == .seeOther)
            #expect(try await p.sofi.post(url + "/people", ["username": "cora", "role": "facilitator"]).status == .seeOther)
            #expect(try await holders() == ["sofi", "beto", "cora"])
            let betoStore = try await Fixtures.store(app, as: "beto")
            #expect(try await betoStore.load(caseID, in: p.casa.id) != nil)

            // The respondent, once she consents and lifts "do not tell", and out again when she revokes.
            _ = try await p.sofi.post(url + "/wishes", ["limit_no_police": "1"])
            _ = try await p.sofi.post(url + "/consents", ["scope": "tell_respondent", "detail": "He may read", "days": "30"])
            #expect(try await p.sofi.post(url + "/people", ["username": "ramon", "role": "respondent"]).status == .seeOther)
            #expect(try await holders() == ["sofi", "beto", "cora", "ramon"])
            let file = try #require(try await Fixtures.store(app, as: "sofi").load(caseID, in: p.casa.id))
            let tell = try #require(file.consents.first { $0.consent.scope == .tellRespondent && $0.revokedAt == nil })
            #expect(try await p.sofi.post(url + "/consents/\(tell.id.uuidString)/revoke", [:]).status == .seeOther)
            #expect(try await holders() == ["sofi", "beto", "cora"], "the respondent's wrap went with his place")

            // Beto is removed: his session, still signed in, opens nothing — the page and the key alike.
            let beto = try #require(file.activePeople.first { $0.username == "beto" })
            #expect(try await p.sofi.post(url + "/people/\(beto.id.uuidString)/remove", ["confirm": "yes"]).status == .seeOther)
            #expect(try await holders() == ["sofi", "cora"])
            #expect(try await p.beto.get(url).status == .notFound)
            #expect(try await betoStore.load(caseID, in: p.casa.id) == nil)

            // Cora leaves the collective: her wrap goes the next time someone in the case opens it.
            let cora = try #require(try await UserRecord.query(on: app.db).filter(\.$username == "cora").first())
            let membership = try await Fixtures.membershipID(app, p.casa, userID: try cora.requireID())
            #expect(
                try await p.ana.post(
                    "/c/casa/members/\(membership.uuidString)/remove", ["confirm": "yes", "reason": "Left town"]
                ).status
                    == .seeOther)
            #expect(try await p.sofi.get(url).status == .ok)
            #expect(try await holders() == ["sofi"])
        }
    }

    @Test("a claim link opens only its own case, once, and the case is then hers alone to hold")
    func claimLinkWrap() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            let url = try await Fixtures.disclose(
                p.beto, slug: "casa", ["for": "other", "survivor_name": "Lu", "agreed_to": "She asked me to"])
            let caseID = try Self.caseID(url)
            _ = try await p.beto.post(url + "/claim-link", [:])
            let page = try await p.beto.get(url + "/people").text
            let link = try #require(page.range(of: "/c/casa/cases/claim/").map { page[$0.lowerBound...].prefix { $0 != "<" } })
            let token = String(link.split(separator: "/").last!)
            let place = try #require(
                try await CaseKeyRecord.query(on: app.db).filter(\.$caseID == caseID).all().first {
                    $0.holder.hasPrefix("claim:")
                })
            let personID = try #require(UUID(uuidString: String(place.holder.dropFirst(6))))
            let byLink = CaseStore(database: app.db, keys: app.tejido.keys, opener: .claimLink(personID: personID, secret: token))
            #expect(try await byLink.load(caseID, in: p.casa.id) != nil)
            #expect(try await byLink.load(try Self.caseID(p.caseURL), in: p.casa.id) == nil, "not another case")
            let wrong = CaseStore(
                database: app.db, keys: app.tejido.keys,
                opener: .claimLink(personID: personID, secret: SecretToken.generate().value))
            #expect(try await wrong.load(caseID, in: p.casa.id) == nil)

            let lu = TestBrowser(app)
            try await Fixtures.member(app, p.casa, "luna")
            try await lu.signIn("luna")
            let claimed = try await lu.post(String(link), [:])
            #expect(claimed.status == .seeOther)
            #expect(try await lu.get(url).text.contains("What happened"))
            #expect(try await byLink.load(caseID, in: p.casa.id) == nil, "the link's wrap is destroyed")
            #expect(try await lu.post(String(link), [:]).status == .notFound)
        }
    }

    @Test("a forgotten passphrase: the recovery code restores the key; without one, someone in the case gives access back")
    func forgottenPassphrase() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            let url = p.caseURL
            _ = try await p.sofi.post(url + "/people", ["username": "beto", "role": "supporter"])
            let warned = try await p.sofi.get(url).text
            #expect(!warned.contains("You are the only person who can open this case"), "two readers now")

            // Sofi makes a recovery code (her passphrase asked again), then forgets her passphrase.
            let refused = try await p.sofi.post("/account/recovery-code", ["passphrase": "not it at all, sorry"])
            #expect(refused.status == .unprocessableEntity && refused.text.contains("is not right"))
            let made = try await p.sofi.post("/account/recovery-code", ["passphrase": Fixtures.passphrase])
            #expect(made.status == .seeOther && made.location == "/account#recovery-heading")
            let shown = try await p.sofi.get("/account").text
            let code = try #require(
                shown.range(of: "class=\"recovery-code\">").map { String(shown[$0.upperBound...].prefix(24)) })
            #expect(!(try await p.sofi.get("/account").text.contains("recovery-code\">")), "shown once; a reload makes none")
            #expect(RecoveryCode.normalized(code).count == 20)
            let stranger = TestBrowser(app)
            let wrongCode = try await stranger.post(
                "/recover",
                [
                    "username": "sofi", "code": "AAAA-AAAA-AAAA-AAAA-AAAA", "new": "a brand new passphrase here",
                    "confirmation": "a brand new passphrase here",
                ])
            #expect(wrongCode.status == .unprocessableEntity && wrongCode.text.contains("do not go together"))
            let recovered = try await stranger.post(
                "/recover",
                [
                    "username": "sofi", "code": code.lowercased(), "new": "a brand new passphrase here",
                    "confirmation": "a brand new passphrase here",
                ])
            #expect(recovered.status == .seeOther)
            #expect(try await stranger.get(url).text.contains("ZQ-NARRATIVE-7781"), "her key, so her case, is hers again")
            #expect(try await p.sofi.get(url).status != .ok, "every other session of hers ended")

            // Beto forgets his and has no code: the operator sets a new passphrase, and his key is new.
            let betoRecord = try #require(try await UserRecord.query(on: app.db).filter(\.$username == "beto").first())
            #expect(
                try await app.resetPassphrase(username: "beto", to: "the operator set this one") == "the operator set this one")
            // Until he signs in there is no key of his to give anything to: nothing is offered.
            #expect(!(try await stranger.get(url).text.contains("beto can no longer open this case")))
            try await p.beto.signIn("beto", passphrase: "the operator set this one")
            #expect(try await p.beto.get(url).status == .notFound, "his old wrap is for a key he no longer holds")
            let asSofi = try await stranger.get(url).text
            #expect(asSofi.contains("beto can no longer open this case"))
            let caseID = try Self.caseID(url)
            let betoPlace = try #require(
                try await CaseParticipantRecord.query(on: app.db).filter(\.$caseFile.$id == caseID)
                    .filter(\.$userID == betoRecord.requireID()).first()?.requireID())
            #expect(try await p.ramon.post(url + "/people/\(betoPlace.uuidString)/restore", [:]).status == .notFound)
            #expect(try await stranger.post(url + "/people/\(betoPlace.uuidString)/restore", [:]).status == .seeOther)
            #expect(try await p.beto.get(url).status == .ok)
            let log = try await stranger.get(url + "/log").text
            #expect(log.contains("Gave a returning person their access back"))
            #expect(try await stranger.get(url).text.contains("access to the case was given back"))
        }
    }

    @Test(
        "a wrong, missing or tampered key gives the sign-in page or not found, never an error, and writes nothing but the refusal"
    )
    func tamperedKeys() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            let url = p.caseURL
            // A session whose sealed key was swapped for another's: signed out, not a 500.
            let session = try #require(
                try await UserSessionRecord.query(on: app.db).filter(\.$tokenHash == SecretToken.hash(p.sofi.sessionCookie!))
                    .first())
            var sealed = try #require(session.sealedKey)
            sealed[sealed.count - 1] ^= 1
            session.sealedKey = sealed
            try await session.save(on: app.db)
            let page = try await p.sofi.get(url)
            #expect(page.status == .seeOther || page.status == .notFound)
            #expect(
                try await UserSessionRecord.query(on: app.db).filter(\.$tokenHash == SecretToken.hash(p.sofi.sessionCookie!))
                    .count() == 0)

            // A tampered wrap: the case is not found, and nothing is written.
            try await p.sofi.signIn("sofi")
            let caseID = try Self.caseID(url)
            let wrap = try #require(try await CaseKeyRecord.query(on: app.db).filter(\.$caseID == caseID).first())
            let original = wrap.wrapped
            var bytes = original
            bytes[bytes.count / 2] ^= 1
            wrap.wrapped = bytes
            try await wrap.save(on: app.db)
            let lines = try await CaseAccessRecord.query(on: app.db).count()
            #expect(try await p.sofi.get(url).status == .notFound)
            #expect(
                try await p.sofi.post(url + "/entries", ["kind": "note", "visibility": "case_team", "text": "x"]).status
                    == .notFound)
            #expect(try await CaseEntryRecord.query(on: app.db).filter(\.$caseFile.$id == caseID).count() == 0)
            #expect(try await CaseAccessRecord.query(on: app.db).count() == lines + 2, "two refusals, written without reading")
            // A wrap moved to another case she is in opens nothing there either.
            wrap.wrapped = original
            try await wrap.save(on: app.db)
            let otherURL = try await Fixtures.disclose(p.beto, slug: "casa")
            _ = try await p.beto.post(otherURL + "/people", ["username": "sofi", "role": "supporter"])
            #expect(try await p.sofi.get(otherURL).status == .ok)
            let other = try Self.caseID(otherURL)
            let hers = try #require(
                try await CaseKeyRecord.query(on: app.db).filter(\.$caseID == other).filter(\.$holder == wrap.holder).first())
            hers.wrapped = original
            hers.keyID = wrap.keyID
            try await hers.save(on: app.db)
            #expect(try await p.sofi.get(otherURL).status == .notFound)
        }
    }

    @Test("quick exit destroys the session's copy of the key")
    func quickExitForgetsKey() async throws {
        try await withTejido { app, _ in
            let p = try await CaseTests.people(app)
            let hash = SecretToken.hash(try #require(p.sofi.sessionCookie))
            #expect(try await UserSessionRecord.query(on: app.db).filter(\.$tokenHash == hash).first()?.sealedKey != nil)
            _ = try await p.sofi.get("/exit")
            #expect(try await UserSessionRecord.query(on: app.db).filter(\.$tokenHash == hash).count() == 0)
        }
    }
}

/// A database made by the release before cases were sealed to their people.
@Suite("Upgrading to cases sealed to their people")
struct SealingUpgradeTests {
    @Test("old cases keep working, are wrapped for each reader at sign-in, and lose the instance-only wrap once all have one")
    func upgradesPreviousRelease() async throws {
        try await withTejido { app, _ in
            let sql = try #require(app.db as? any SQLDatabase)
            let migration = M0021_SealCasesToPeople(keys: app.tejido.keys)
            try await migration.revert(on: app.db)
            // The previous release's data: accounts without keys, a case wrapped by the instance key alone.
            var ids: [String: UUID] = [:]
            for name in ["ana", "sofi", "beto"] {
                let user = UserRecord(
                    username: name, usernameNormalized: name,
                    passphraseHash: try app.tejido.passphrases.hash(Fixtures.passphrase),
                    language: nil, createdAt: Date())
                try await user.save(on: app.db)
                ids[name] = try user.requireID()
            }
            let casa = try await CollectiveService(database: app.db, now: Date()).create(
                name: "Casa", adminUserID: ids["ana"]!, on: app.db)
            casa.slug = "casa"
            try await casa.save(on: app.db)
            let collectiveID = try casa.requireID()
            for name in ["sofi", "beto"] {
                try await MembershipRecord(userID: ids[name]!, collectiveID: collectiveID, role: .member, joinedAt: Date()).save(
                    on: app.db)
            }
            let caseID = UUID()
            let dataKey = KeyWrapping.newDataKey()
            let vault = CaseVault(caseID: caseID, key: dataKey)
            let (wrapped, keyID) = try app.tejido.keys.current.wrap(dataKey, label: CaseVault.wrapLabel(caseID))
            try await sql.insert(into: "cases")
                .columns(
                    "id", "collective_id", "stage", "wrapped_key", "key_id", "disclosure", "wishes", "opened_at", "updated_at"
                )
                .values(
                    SQLBind(caseID), SQLBind(collectiveID), SQLBind(CaseStage.support.rawValue), SQLBind(wrapped), SQLBind(keyID),
                    SQLBind(
                        try vault.seal(Disclosure(forSomeoneElse: false, narrative: "ZQ-OLD-NARRATIVE"), field: "disclosure")),
                    SQLBind(try vault.seal(CaseWishes(), field: "wishes")), SQLBind(Date()), SQLBind(Date())
                ).run()
            for (name, role) in [("sofi", CaseRole.survivor), ("beto", .supporter)] {
                let id = UUID()
                let body = ParticipantBody(participation: CaseParticipation(role: role), userID: ids[name])
                try await sql.insert(into: "case_participants").columns("id", "case_id", "user_id", "body", "added_at")
                    .values(
                        SQLBind(id), SQLBind(caseID), SQLBind(ids[name]),
                        SQLBind(try vault.seal(body, field: "participant", row: id)),
                        SQLBind(Date())
                    ).run()
            }
            try await migration.prepare(on: app.db)

            let sofi = TestBrowser(app)
            try await sofi.signIn("sofi")
            let url = "/c/casa/cases/\(caseID.uuidString)"
            let page = try await sofi.get(url).text
            #expect(page.contains("ZQ-OLD-NARRATIVE"), "the old case opens as before")
            #expect(page.contains("Not yet fully sealed"), "someone who reads it has not signed in since")
            #expect(try await CaseRecord.find(caseID, on: app.db)?.wrappedKey != nil)
            #expect(try await CaseKeyRecord.query(on: app.db).filter(\.$caseID == caseID).count() == 1)

            let beto = TestBrowser(app)
            try await beto.signIn("beto")
            #expect(try await CaseRecord.find(caseID, on: app.db)?.wrappedKey == nil, "every reader holds a wrap now")
            #expect(try await CaseKeyRecord.query(on: app.db).filter(\.$caseID == caseID).count() == 2)
            #expect(try await beto.get(url).status == .ok)
            #expect(try await sofi.get(url).text.contains("Sealed to its people"))
            for browser in [sofi, beto] { _ = try await browser.post("/logout", [:]) }
            // The collective's own key waits for its last member as the case waited for its readers.
            #expect(
                try await SealingTests.openedWithoutAnyone(app, [caseID], collectiveID: collectiveID) == ["the collective's key"])
            let ana = TestBrowser(app)
            try await ana.signIn("ana")
            _ = try await ana.post("/logout", [:])
            #expect(try await SealingTests.openedWithoutAnyone(app, [caseID], collectiveID: collectiveID).isEmpty)
        }
    }
}

extension SealingTests {
    @Test("sessions past their lifetime and mediator grants past their end lose their keys without anyone coming back")
    func expiredKeysForgotten() async throws {
        try await withTejido { app, clock in
            let p = try await CaseTests.people(app)
            #expect(try await UserSessionRecord.query(on: app.db).count() == 5)
            #expect(try await app.forgetExpiredKeys() == 0)
            clock.advance(minutes: 20)
            #expect(try await p.sofi.get("/account").status == .ok)
            clock.advance(minutes: 15)
            #expect(try await app.forgetExpiredKeys() == 4, "only sofi's session was used within the idle time")
            #expect(try await UserSessionRecord.query(on: app.db).count() == 1)
        }
    }
}

extension SealingTests {
    @Test("signing in successfully from a busy shared address does not push its waiting period on")
    func successesDoNotMoveTheWindow() async throws {
        try await withTejido { app, clock in
            let (_, _) = try await Fixtures.casaWithAdmin(app)
            let guesser = TestBrowser(app)
            // Thirty wrong guesses at thirty names from one address: its free attempts are used up.
            for index in 0..<31 {
                _ = try await guesser.post("/login", ["username": "nobody\(index)", "passphrase": "wrong guess \(index)"])
            }
            let stored = try await LoginFailureRecord.query(on: app.db).all().max { $0.failures < $1.failures }
            let before = try #require(stored?.lastFailureAt)
            clock.advance(minutes: 10)
            for _ in 0..<3 {
                let someone = TestBrowser(app)
                try await someone.signIn("ana")
            }
            let after = try #require(try await LoginFailureRecord.query(on: app.db).filter(\.$subject == stored!.subject).first())
            #expect(after.lastFailureAt == before, "a success takes back its attempt and its moment")
            #expect(after.failures == stored!.failures)
        }
    }
}

extension SealingTests {
    @Test("a row slipped into the database gives nobody a place, a wrap or words: only what is sealed with the case counts")
    func forgedRowsIgnored() async throws {
        try await withTejido { app, clock in
            let p = try await CaseTests.people(app)
            let url = p.caseURL
            let caseID = try Self.caseID(url)
            let record = try #require(try await CaseRecord.find(caseID, on: app.db))
            let box = try CaseDropBox(caseID: caseID, publicKey: try #require(record.publicKey))
            let ramon = try #require(try await UserRecord.query(on: app.db).filter(\.$username == "ramon").first()?.requireID())
            // A place for ramon, sealed to the case's public key (anyone can), and an entry in sofi's name.
            let placeID = UUID()
            let forged = CaseParticipantRecord()
            forged.id = placeID
            forged.$caseFile.id = caseID
            forged.userID = ramon
            forged.body = try box.seal(
                ParticipantBody(participation: CaseParticipation(role: .supporter), userID: ramon), field: "participant",
                row: placeID)
            forged.addedAt = Date()
            try await forged.create(on: app.db)
            let sofiPlace = try #require(
                try await Fixtures.store(app, as: "sofi").load(caseID, in: p.casa.id)?.survivor?.id)
            let entryID = UUID()
            let entry = CaseEntryRecord()
            entry.id = entryID
            entry.$caseFile.id = caseID
            entry.authorID = sofiPlace
            entry.body = try box.seal(
                EntryBody(kind: .note, visibility: .wholeCase, text: "ZQFORGED I take it all back", author: sofiPlace),
                field: "entry", row: entryID)
            entry.createdAt = Date()
            try await entry.create(on: app.db)
            let page = try await p.sofi.get(url).text
            #expect(!page.contains("ZQFORGED"), "not shown as hers, nor at all")
            #expect(try await CaseKeyRecord.query(on: app.db).filter(\.$userID == ramon).count() == 0)
            #expect(try await p.ramon.get(url).status == .notFound)

            // A respondent whose consent ran out loses his wrap when someone in the case next opens it.
            _ = try await p.sofi.post(url + "/wishes", ["limit_no_police": "1"])
            _ = try await p.sofi.post(url + "/consents", ["scope": "tell_respondent", "detail": "He may read", "days": "1"])
            #expect(try await p.sofi.post(url + "/people", ["username": "ramon", "role": "respondent"]).status == .seeOther)
            #expect(try await CaseKeyRecord.query(on: app.db).filter(\.$userID == ramon).count() == 1)
            clock.advance(minutes: 3 * 1_440)
            try await p.sofi.signIn("sofi")
            #expect(try await p.sofi.get(url).status == .ok)
            #expect(try await CaseKeyRecord.query(on: app.db).filter(\.$userID == ramon).count() == 0)

            // Emptying the clear "removed" column of a place that ended gives it nothing back.
            try await (app.db as! any SQLDatabase).update("case_participants").set("removed_at", to: SQLLiteral.null)
                .where("user_id", .equal, SQLBind(ramon)).run()
            #expect(try await p.sofi.get(url).status == .ok)
            #expect(try await CaseKeyRecord.query(on: app.db).filter(\.$userID == ramon).count() == 0)
        }
    }

    @Test("a member whose key changed reads no assembly item until an admin gives the collective's key back")
    func collectiveKeyRestore() async throws {
        try await withTejido { app, _ in
            let (p, _, _) = try await Self.markedCases(app)
            #expect(try await p.beto.get("/c/casa/assembly").text.contains("ZQSEALITEM"))
            _ = try await app.resetPassphrase(username: "beto", to: "the operator set this one")
            #expect(!(try await p.ana.get("/c/casa/members").text.contains("Give back the collective")), "not before he signs in")
            try await p.beto.signIn("beto", passphrase: "the operator set this one")
            _ = try await p.ana.get("/c/casa/assembly")
            let locked = try await p.beto.get("/c/casa/assembly").text
            #expect(!locked.contains("ZQSEALITEM"), "not given back by itself")
            #expect(locked.contains("An item from a case you cannot read yet"), "and not called withdrawn")
            let members = try await p.ana.get("/c/casa/members").text
            #expect(members.contains("Give back the collective"))
            let beto = try #require(try await UserRecord.query(on: app.db).filter(\.$username == "beto").first()?.requireID())
            let membership = try await Fixtures.membershipID(app, p.casa, userID: beto)
            #expect(try await p.cora.post("/c/casa/members/\(membership.uuidString)/restore-key", [:]).status != .seeOther)
            #expect(try await p.ana.post("/c/casa/members/\(membership.uuidString)/restore-key", [:]).status == .seeOther)
            #expect(try await p.beto.get("/c/casa/assembly").text.contains("ZQSEALITEM"))
        }
    }
}

extension SealingTests {
    @Test("revoking the consent takes a decided item's words from the assembly, and the collective's copy with them")
    func decidedItemForgotten() async throws {
        try await withTejido { app, _ in
            let (p, url, _) = try await Self.markedCases(app)
            let item = try #require(try await AssemblyItemRecord.query(on: app.db).filter(\.$caseID != nil).first())
            let itemURL = "/c/casa/assembly/items/\(try item.requireID().uuidString)"
            for browser in [p.ana, p.beto, p.cora, p.sofi] {
                _ = try await browser.post(itemURL + "/position", ["position": "agree"])
            }
            #expect(try await p.cora.post(itemURL + "/close", ["confirm": "yes"]).status == .seeOther)
            #expect(try await p.ana.get(itemURL).text.contains("ZQSEALITEM"))
            let file = try #require(try await Fixtures.store(app, as: "sofi").load(try Self.caseID(url), in: p.casa.id))
            let consent = try #require(file.consents.first { $0.consent.scope == .assemblyItem })
            #expect(try await p.sofi.post(url + "/consents/\(consent.id.uuidString)/revoke").status == .seeOther)
            #expect(!(try await p.ana.get(itemURL).text.contains("ZQSEALITEM")))
            #expect(try await AssemblyItemRecord.find(item.id, on: app.db)?.sealed == nil)
        }
    }
}
