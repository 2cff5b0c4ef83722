import Fluent
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// Nothing of one collective can be reached from another by guessing addresses or ids.
@Suite("Collective boundaries")
struct CrossCollectiveTests {
    struct World {
        let casa: Fixtures.Collective
        let huerta: Fixtures.Collective
        let huertaMembership: UUID
        let huertaInvite: UUID
        let huertaConcern: UUID
        let huertaEntry: UUID
        let huertaMeeting: UUID
        let huertaMotion: UUID
    }

    static func world(_ app: Application) async throws -> World {
        let casa = try await Fixtures.collective(app, "Casa", admin: "ana")
        let huerta = try await Fixtures.collective(app, "Huerta", admin: "hugo")
        let ines = try await Fixtures.member(app, huerta, "ines")
        let invite = try await InviteService(database: app.db, now: app.tejido.clock.now())
            .issue(collectiveID: huerta.id, role: .member, days: 7, createdBy: huerta.adminID)
        let version = try #require(try await ProtocolQueries(database: app.db, collectiveID: huerta.id).latest())
        try await AgreementService(database: app.db, now: app.tejido.clock.now()).raiseConcern(
            collectiveID: huerta.id, versionID: version.requireID(), part: "agreement", text: "Huerta's worry", authorID: ines,
            key: app.tejido.concernKey)
        let concern = try #require(try await ProtocolConcernRecord.query(on: app.db).first())
        let entry = try await DirectoryService(database: app.db, now: app.tejido.clock.now()).create(
            DirectoryEntry(kind: .crisisTeam, name: "Huerta Team"), in: huerta.id)
        let assembly = AssemblyService(database: app.db, keys: app.tejido.keys, now: app.tejido.clock.now())
        let huertaRecord = try #require(try await CollectiveRecord.find(huerta.id, on: app.db))
        let meeting = try await assembly.createMeeting(
            MeetingDetails(title: "Huerta's meeting", heldOn: app.tejido.clock.now()), in: huerta.id, by: huerta.adminID)
        let motion = try await assembly.propose(
            AgendaText(title: "Huerta's motion", text: "Plant beans"), in: huertaRecord, by: huerta.adminID)
        return World(
            casa: casa, huerta: huerta, huertaMembership: try await Fixtures.membershipID(app, huerta, userID: ines),
            huertaInvite: try invite.invite.requireID(), huertaConcern: try concern.requireID(),
            huertaEntry: try entry.requireID(), huertaMeeting: meeting, huertaMotion: motion)
    }

    /// Every collective-scoped route, aimed at the other collective. The route-inventory test
    /// below fails when a route is added without being listed here or as a public/account route.
    static func foreignRequests(_ w: World) -> [(HTTPMethod, SiteURL)] {
        requests(
            slug: w.huerta.slug, member: w.huertaMembership.uuidString, invite: w.huertaInvite.uuidString,
            concern: w.huertaConcern.uuidString, number: "1", block: "education", harm: "physical", format: "json",
            entry: w.huertaEntry.uuidString, meeting: w.huertaMeeting.uuidString, agendaItem: w.huertaMotion.uuidString)
    }

    /// The same list with route parameters in place of values, to compare with the registered routes.
    static var patterns: [(HTTPMethod, SiteURL)] {
        requests(
            slug: .placeholder(.slug), member: .placeholder(.membershipID), invite: .placeholder(.inviteID),
            concern: .placeholder(.concernID), number: .placeholder(.number), block: .placeholder(.block),
            harm: .placeholder(.harm), format: .placeholder(.format), entry: .placeholder(.entryID),
            caseID: .placeholder(.caseID), item: .placeholder(.itemID), token: .placeholder(.token),
            meeting: .placeholder(.meetingID), agendaItem: .placeholder(.itemID), activity: .placeholder(.activityID),
            session: .placeholder(.sessionID), lesson: .placeholder(.lessonID), scenario: .placeholder(.scenarioID))
    }

    static func requests(
        slug: String, member: String, invite: String, concern: String, number: String, block: String, harm: String,
        format: String,
        entry: String, caseID: String = UUID().uuidString, item: String = UUID().uuidString,
        token: String = "an-unknown-token", meeting: String = UUID().uuidString, agendaItem: String = UUID().uuidString,
        activity: String = UUID().uuidString, session: String = UUID().uuidString,
        lesson: String = UUID().uuidString, scenario: String = UUID().uuidString
    ) -> [(HTTPMethod, SiteURL)] {
        [
            (.GET, .collective(slug: slug)), (.POST, .collectiveLeave(slug: slug)),
            (.GET, .collectiveSettings(slug: slug)), (.POST, .collectiveSettings(slug: slug)),
            (.GET, .members(slug: slug)), (.POST, .memberRole(slug: slug, membershipID: member)),
            (.POST, .memberRemove(slug: slug, membershipID: member)),
            (.POST, .memberRestoreKey(slug: slug, membershipID: member)),
            (.GET, .invites(slug: slug)), (.POST, .invites(slug: slug)),
            (.POST, .inviteRevoke(slug: slug, inviteID: invite)),
            (.GET, .protocolHome(slug: slug)), (.GET, .protocolPrint(slug: slug)),
            (.GET, .protocolExport(slug: slug, format: format)), (.GET, .protocolVersions(slug: slug)),
            (.GET, .protocolVersion(slug: slug, number: number)), (.GET, .protocolDiff(slug: slug)),
            (.GET, .protocolDraft(slug: slug)), (.GET, .protocolDraftGeneral(slug: slug)),
            (.POST, .protocolDraftGeneral(slug: slug)),
            (.GET, .protocolDraftBlock(slug: slug, block: block)), (.POST, .protocolDraftBlock(slug: slug, block: block)),
            (.GET, .protocolDraftAgreement(slug: slug)), (.POST, .protocolDraftAgreement(slug: slug)),
            (.GET, .protocolDraftHarms(slug: slug)), (.POST, .protocolDraftHarms(slug: slug)),
            (.GET, .protocolDraftHarm(slug: slug, harm: harm)), (.POST, .protocolDraftHarm(slug: slug, harm: harm)),
            (.GET, .protocolDraftStart(slug: slug)), (.POST, .protocolDraftStart(slug: slug)),
            (.POST, .protocolPropose(slug: slug)), (.GET, .protocolDecision(slug: slug)), (.POST, .protocolDecision(slug: slug)),
            (.POST, .protocolPublish(slug: slug)), (.GET, .protocolAgreement(slug: slug)),
            (.POST, .protocolAgreement(slug: slug)),
            (.GET, .protocolAcknowledgements(slug: slug)), (.GET, .protocolConcerns(slug: slug)),
            (.GET, .protocolConcernNew(slug: slug)), (.POST, .protocolConcernNew(slug: slug)),
            (.POST, .protocolConcernResolve(slug: slug, concernID: concern)),
            (.GET, .directory(slug: slug)), (.GET, .directoryNew(slug: slug)), (.POST, .directoryNew(slug: slug)),
            (.GET, .directoryEntry(slug: slug, entryID: entry)), (.GET, .directoryEntryEdit(slug: slug, entryID: entry)),
            (.POST, .directoryEntryEdit(slug: slug, entryID: entry)), (.POST, .directoryEntryDelete(slug: slug, entryID: entry)),
            (.POST, .directoryEntryVerify(slug: slug, entryID: entry)), (.GET, .directoryImport(slug: slug)),
            (.POST, .directoryImport(slug: slug)),
            (.GET, .directoryExport(slug: slug, format: format == "json" ? "csv" : format)),
            (.GET, .helpPageEdit(slug: slug)), (.POST, .helpPageEdit(slug: slug)),
            (.GET, .cases(slug: slug)), (.GET, .caseNew(slug: slug)), (.POST, .caseNew(slug: slug)),
            (.GET, .needsMe(slug: slug)), (.GET, .caseClaim(slug: slug, token: token)),
            (.POST, .caseClaim(slug: slug, token: token)),
            (.GET, .assembly(slug: slug)), (.POST, .assemblyItems(slug: slug)), (.POST, .assemblyMeetings(slug: slug)),
            (.GET, .assemblyMeeting(slug: slug, meetingID: meeting)), (.POST, .assemblyMinutes(slug: slug, meetingID: meeting)),
            (.GET, .assemblyItem(slug: slug, itemID: agendaItem)), (.POST, .assemblyPosition(slug: slug, itemID: agendaItem)),
            (.POST, .assemblySchedule(slug: slug, itemID: agendaItem)), (.GET, .assemblyClose(slug: slug, itemID: agendaItem)),
            (.POST, .assemblyClose(slug: slug, itemID: agendaItem)),
            (.GET, .skills(slug: slug)), (.POST, .skills(slug: slug)), (.POST, .skillRemove(slug: slug, skillID: item)),
            (.POST, .skillOffer(slug: slug, listingID: item)), (.POST, .skillsNamed(slug: slug)),
            (.POST, .skillRetire(slug: slug, skillID: item)), (.POST, .skillsTraining(slug: slug)),
            // Issue 17: the agreement's review day and the care team's counts of reflections.
            (.POST, .protocolAgreementReview(slug: slug)), (.GET, .reflections(slug: slug)),
            // Issue 18: the collective's connections to other instances.
            (.GET, .network(slug: slug, .home)), (.POST, .network(slug: slug, .invitations)),
            (.POST, .network(slug: slug, .withdrawInvitation(item))), (.POST, .network(slug: slug, .join)),
            (.GET, .network(slug: slug, .connection(item))), (.POST, .network(slug: slug, .accept(item))),
            (.POST, .network(slug: slug, .pause(item))), (.POST, .network(slug: slug, .resume(item))),
            (.POST, .network(slug: slug, .end(item))), (.POST, .network(slug: slug, .scopes(item))),
            // Issue 18: what connected collectives share, and what this one shares with them.
            (.GET, .shared(slug: slug, .protocols)), (.GET, .shared(slug: slug, .sharedProtocol(item))),
            (.GET, .shared(slug: slug, .compare(item))), (.POST, .shared(slug: slug, .draftFrom(item))),
            (.POST, .shared(slug: slug, .copyEntry(item))), (.POST, .shared(slug: slug, .shareEntry(item))),
            (.GET, .shared(slug: slug, .collectives)), (.GET, .shared(slug: slug, .ownEntry)),
            (.POST, .shared(slug: slug, .ownEntry)),
            // Issue 18: alerts from paired collectives, for the care team.
            (.GET, .receivedAlerts(slug: slug, .queue)), (.POST, .receivedAlerts(slug: slug, .note(item))),
            (.POST, .receivedAlerts(slug: slug, .refuse(item))),
            // Issue 18: requests from paired collectives for an outside mediator, for the care team.
            (.GET, .shared(slug: slug, .mediationRequests)), (.POST, .shared(slug: slug, .removeMediationRequest(item))),
            // Issue 19: matching circles, for the admins.
            (.GET, .network(slug: slug, .matching)), (.POST, .network(slug: slug, .matching)),
            (.GET, .network(slug: slug, .circleAnswer(item))), (.POST, .network(slug: slug, .circleAnswer(item))),
            (.GET, .network(slug: slug, .circleLeave(item))),
            (.POST, .network(slug: slug, .circleLeave(item))),
            (.GET, .network(slug: slug, .circleReplaceKey(item))), (.POST, .network(slug: slug, .circleReplaceKey(item))),
            (.GET, .network(slug: slug, .circleInvite(item))), (.POST, .network(slug: slug, .circleInvite(item))),
            (.GET, .network(slug: slug, .circleChange(item))), (.POST, .network(slug: slug, .circleChange(item))),
        ] + CaseBoundaryTests.caseRequests(slug: slug, caseID: caseID, item: item)
            + ActivityTests.activityRequests(slug: slug, activity: activity, session: session, person: item)
            + LessonTests.requests(slug: slug, lesson: lesson, scenario: scenario)
    }

    /// Routes that carry no collective: public pages, the account (always the signed-in person's own) and joining.
    static let unscoped: Set<String> = [
        "GET /", "GET /about", "GET /healthz", "GET /favicon.ico", "GET /setup", "POST /setup", "GET /login", "POST /login",
        "POST /logout",
        "GET /exit", "POST /exit", "POST /language", "GET /account", "POST /account/preferences", "POST /account/passphrase",
        "POST /account/sessions/end-all", "POST /account/delete", "POST /account/recovery-code", "GET /recover",
        "POST /recover", "GET /collectives", "GET /join/:token", "POST /join/:token",
        // What the signed-in person took part in: their own, across collectives (ActivityTests).
        "GET /account/activities",
        // Public by design; an unpublished protocol answers 404 to everyone (ProtocolAccessTests).
        "GET /public/:slug/protocol",
        // Public by design: only what a collective published (DirectoryWebTests), storing nothing.
        "GET /public/:slug/directory", "GET /public/:slug/collective", "GET /help", "GET /ayuda", "GET /help/:slug",
        "GET /ayuda/:slug",
        // Public by design, like the help page: published entries only, storing nothing (KeepingTests).
        "GET /worried", "GET /preocupa", "GET /worried/:slug", "GET /preocupa/:slug",
        // An outside mediator's link and view: the grant, not a collective, decides (MediationTests).
        "GET /mediate/:token", "POST /mediate/:token", "GET /mediation", "POST /mediation",
        // Other instances, judged by their signatures and the connection, never by a session
        // (NetworkTests try each with no signature, a stranger's, and an ended connection's).
        "POST /peer/v1/invitations/:token/document", "POST /peer/v1/invitations/:token/pair",
        "POST /peer/v1/c/:connectionID/:kind",
    ]

    static func pattern(_ method: HTTPMethod, _ url: SiteURL) -> String { "\(method) \(url.path)" }

    @Test("every route is either listed as unscoped or tried across the boundary")
    func routeInventory() async throws {
        try await withTejido { app, _ in
            let tried = Set(Self.patterns.map { method, url in "\(method) \(url.path)" })
            for route in app.routes.all {
                let name = "\(route.method) /" + route.path.map(\.description).joined(separator: "/")
                #expect(Self.unscoped.contains(name) || tried.contains(name), "route \(name) is not covered by a boundary test")
            }
        }
    }

    @Test("an admin of one collective gets 404 for everything of another, and nothing changes")
    func adminOfAnother() async throws {
        try await withTejido { app, _ in
            let w = try await Self.world(app)
            let ana = TestBrowser(app)
            try await ana.signIn("ana")
            for (method, url) in Self.foreignRequests(w) {
                let response =
                    method == .GET
                    ? try await ana.get(url.path)
                    : try await ana.post(
                        url.path, ["role": "admin", "name": "Taken", "exit_url": "https://evil.example/", "days": "3"])
                #expect(response.status == .notFound, "\(method) \(url.path) answered \(response.status)")
                #expect(!response.text.contains("Huerta") && !response.text.contains("ines"), "\(url.path) leaked a name")
                #expect(!response.text.contains("Plant beans"), "\(url.path) leaked a motion")
            }
            let huerta = try #require(try await CollectiveRecord.find(w.huerta.id, on: app.db))
            #expect(huerta.name == "Huerta" && huerta.exitURL == nil)
            #expect(try await MembershipRecord.find(w.huertaMembership, on: app.db)?.role == .member)
            #expect(try await InviteRecord.find(w.huertaInvite, on: app.db)?.revokedAt == nil)
            #expect(try await InviteRecord.query(on: app.db).count() == 1)
            // Huerta's protocol is untouched: one version, no decision, its concern still open.
            #expect(try await ProtocolVersionRecord.query(on: app.db).filter(\.$collective.$id == w.huerta.id).count() == 1)
            #expect(
                try await DecisionRecord.query(on: app.db).filter(\.$subjectValue == DecisionSubject.protocolAdoption.rawValue)
                    .count() == 0)
            // Huerta's assembly is untouched: one open motion with no positions, one meeting without minutes.
            #expect(try await DecisionRecord.query(on: app.db).filter(\.$outcomeValue != nil).count() == 0)
            #expect(try await DecisionPositionRecord.query(on: app.db).count() == 0)
            #expect(try await AssemblyItemRecord.query(on: app.db).count() == 1)
            #expect(try await AssemblyMeetingRecord.query(on: app.db).count() == 1)
            #expect(try await AssemblyMeetingRecord.find(w.huertaMeeting, on: app.db)?.minutes == nil)
            #expect(try await ProtocolConcernRecord.find(w.huertaConcern, on: app.db)?.resolvedAt == nil)
            #expect(try await CollectiveRecord.find(w.huerta.id, on: app.db)?.protocolPublished == false)
            let entry = try await DirectoryEntryRecord.find(w.huertaEntry, on: app.db)
            #expect(entry?.name == "Huerta Team" && entry?.lastVerified == nil)
            #expect(try await HelpPageRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("a member id from another collective fails inside one's own collective too")
    func foreignIDsInOwnAddress() async throws {
        try await withTejido { app, _ in
            let w = try await Self.world(app)
            let ana = TestBrowser(app)
            try await ana.signIn("ana")
            let own = w.casa.slug
            let role = try await ana.post(
                SiteURL.memberRole(slug: own, membershipID: w.huertaMembership.uuidString).path, ["role": "admin"])
            let remove = try await ana.post(SiteURL.memberRemove(slug: own, membershipID: w.huertaMembership.uuidString).path)
            let revoke = try await ana.post(SiteURL.inviteRevoke(slug: own, inviteID: w.huertaInvite.uuidString).path)
            let garbage = try await ana.post(SiteURL.memberRemove(slug: own, membershipID: "not-a-uuid").path)
            #expect([role, remove, revoke, garbage].allSatisfy { $0.status == .notFound })
            #expect(try await MembershipRecord.find(w.huertaMembership, on: app.db)?.role == .member)
            #expect(try await InviteRecord.find(w.huertaInvite, on: app.db)?.revokedAt == nil)
        }
    }

    @Test("a visitor is sent to sign in for every collective address, known or not")
    func visitor() async throws {
        try await withTejido { app, _ in
            let w = try await Self.world(app)
            for (method, url) in Self.foreignRequests(w) where method == .GET {
                let response = try await TestBrowser(app).get(url.path)
                #expect(response.status == .seeOther)
                #expect(response.location?.hasPrefix("/login") == true)
            }
            let unknown = try await TestBrowser(app).get("/c/no-such-collective")
            #expect(unknown.location?.hasPrefix("/login") == true, "existence is not revealed to visitors either")
        }
    }

    @Test("roles inside a collective: members and the care team cannot run it")
    func rolesInside() async throws {
        try await withTejido { app, _ in
            let casa = try await Fixtures.collective(app, "Casa", admin: "ana")
            try await Fixtures.member(app, casa, "beto")
            try await Fixtures.member(app, casa, "cora", role: .careTeam)
            let beto = TestBrowser(app), cora = TestBrowser(app)
            try await beto.signIn("beto")
            try await cora.signIn("cora")
            #expect(try await beto.get("/c/casa").status == .ok)
            #expect(try await beto.get("/c/casa/members").status == .forbidden)
            #expect(try await cora.get("/c/casa/members").status == .ok)
            for browser in [beto, cora] {
                #expect(try await browser.get("/c/casa/invites").status == .forbidden)
                #expect(try await browser.post("/c/casa/invites", ["role": "admin"]).status == .forbidden)
                #expect(try await browser.post("/c/casa/settings", ["name": "Mine now"]).status == .forbidden)
            }
            #expect(try await InviteRecord.query(on: app.db).count() == 0)
            #expect(try await CollectiveRecord.find(casa.id, on: app.db)?.name == "Casa")
        }
    }
}
