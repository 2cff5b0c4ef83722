import Fluent
import Foundation
import SQLKit
import TejidoCore
import Vapor

/// `tejido demo` and `tejido bench-seed`: clearly fictional data to look around in, and a large
/// synthetic data set to measure against. Both refuse a data folder that holds collectives.
extension Application {
    public struct DemoAccounts: Sendable {
        public let slug: String
        public let passphrase: String
        public let usernames: [String]
    }

    private func requireEmpty() async throws {
        if try await CollectiveRecord.query(on: db).count() > 0 { throw CommandProblem.notEmpty }
    }

    /// A demo collective whose cases stand in every stage, all invented.
    public func makeDemo() async throws -> DemoAccounts {
        try await requireEmpty()
        let passphrase = "demo " + SecretToken.generate().value.prefix(16)
        let slug = try await createCollective(name: "Demo collective (fictional)", admin: "demo-ana", passphrase: passphrase)
        guard let collective = try await CollectiveRecord.query(on: db).filter(\.$slug == slug).first() else {
            throw CommandProblem.unknownCollective(slug)
        }
        let collectiveID = try collective.requireID()
        let now = tejido.clock.now()
        let accounts = AccountService(database: db, services: tejido, application: self)
        var ids: [String: UUID] = [:]
        // Each person's key, as their sessions would hold it: the demo acts as each of them.
        var personalKeys: [String: PersonalKey] = [:]
        for (name, role) in [
            ("demo-cora", CollectiveRole.careTeam), ("demo-sofi", .member), ("demo-beto", .member), ("demo-ramon", .member),
            ("demo-lu", .member),
        ] {
            let username = try await accounts.validateNewAccount(username: name, passphrase: passphrase, confirmation: passphrase)
            let (user, key) = try await accounts.create(username, passphrase: passphrase, language: nil, on: db)
            personalKeys[name] = key
            ids[name] = try user.requireID()
            try await MembershipRecord(userID: user.requireID(), collectiveID: collectiveID, role: role, joinedAt: now).save(
                on: db)
        }
        // The template protocol, adopted, so cases can be classified.
        let queries = ProtocolQueries(database: db, collectiveID: collectiveID)
        if let version = try await queries.latest(),
            let admin = try await MembershipRecord.query(on: db)
                .filter(\.$collective.$id == collectiveID).all().first(where: { $0.role == .admin })
        {
            let service = ProtocolService(database: db, now: now)
            try await service.propose(collectiveID: collectiveID, version: version, proposerID: admin.$user.id)
            if let proposal = try await queries.openProposal() {
                try await service.decide(
                    proposal, outcome: .adopted, counts: DecisionCounts(agree: 6, disagree: 0, abstain: 0, block: 0),
                    deciderID: admin.$user.id, note: "Demo")
            }
        }
        // Each act a minute after the one before, starting two days ago, so every timeline reads
        // in the order things happened rather than as one instant.
        var tick = now.addingTimeInterval(-2 * 86_400)
        let keys = tejido.keys
        func step() -> CaseService {
            tick = tick.addingTimeInterval(60)
            return CaseService(database: db, keys: keys, now: tick)
        }
        let stories: [(CaseStage, String, String)] = [
            (.draft, "demo-sofi", "(Fictional) I started writing this and will finish it later."),
            (.disclosed, "demo-lu", "(Fictional) At the summer camp, someone kept messaging me after I asked them to stop."),
            (.support, "demo-sofi", "(Fictional) After the assembly party, a member would not leave me alone on the way home."),
            (.assessment, "demo-lu", "(Fictional) Someone in the kitchen crew shouts at me in front of others."),
            (.response, "demo-sofi", "(Fictional) A member shared private photos of me in a group chat."),
            (.followUp, "demo-lu", "(Fictional) Money from the shared fund was taken and hidden from me."),
            (.closed, "demo-sofi", "(Fictional) Repeated jokes about my body during meetings."),
            (.paused, "demo-lu", "(Fictional) I want to wait before anything else happens."),
            (.withdrawn, "demo-sofi", "(Fictional) I decided not to go on with this."),
        ]
        var closedCase: UUID?
        for (stage, survivor, narrative) in stories {
            guard let survivorID = ids[survivor], let coraID = ids["demo-cora"], let survivorKey = personalKeys[survivor]
            else { continue }
            // Read as she reads it: with her own key.
            let store = CaseStore(database: db, keys: keys, opener: .person(userID: survivorID, key: survivorKey))
            var wishes = CaseWishes(
                wants: [.safety, .acknowledgement], limits: [.noPolice, .doNotTellRespondent, .notToAssembly])
            wishes.ownWords = "(Fictional) I want to keep coming to the social centre."
            let caseID = try await step().open(
                .init(
                    forSomeoneElse: false, survivorName: "", agreedTo: "", manner: .onPlatform, narrative: narrative,
                    narrativeVisibility: .caseTeam,
                    wishes: wishes, finished: stage != .draft), collectiveID: collectiveID, openerID: survivorID)
            guard stage != .draft, let file = try await store.load(caseID, in: collectiveID) else { continue }
            try await step().addPerson(file, username: "demo-beto", role: .supporter, agreement: nil, by: survivorID)
            guard let withBeto = try await store.load(caseID, in: collectiveID) else { continue }
            try await step().addPerson(withBeto, username: "demo-cora", role: .facilitator, agreement: nil, by: survivorID)
            guard var current = try await store.load(caseID, in: collectiveID) else { continue }
            try await step().write(
                current, kind: .note, visibility: .survivorSide, text: "(Fictional) Talked on the phone; she is safe tonight.",
                corrects: nil, by: ids["demo-beto"]!)
            try await step().write(
                current, kind: .meeting, visibility: .caseTeam, text: "(Fictional) First meeting with the facilitator.",
                corrects: nil, by: survivorID)
            let path: [CaseStage] = [.support, .assessment, .response, .followUp, .closed]
            for next in path {
                guard stage != .disclosed, stage != .paused || next == .support, stage != .withdrawn || next == .support
                else { break }
                try await step().move(current, to: next, reason: "(Fictional) Agreed in the meeting.", by: coraID)
                current = try await store.load(caseID, in: collectiveID) ?? current
                if next == .assessment {
                    try await step().classify(
                        current,
                        Classification(
                            harmType: "psychological", level: "1", reason: "(Fictional) As described.", protocolVersion: 1),
                        names: "Psychological or verbal (Of concern)", by: coraID)
                    current = try await store.load(caseID, in: collectiveID) ?? current
                }
                if next == stage { break }
            }
            try await step().addTask(
                current, title: "(Fictional) Check in after the next assembly", isCheckIn: true,
                assignee: current.person(userID: coraID)?.id,
                dueOn: Calendar.utc.date(byAdding: .day, value: 7, to: now), readers: .caseTeam, by: survivorID)
            if stage == .response, let ramonID = ids["demo-ramon"] {
                try await demoAccountability(step, store, &current, survivorID: survivorID, ramonID: ramonID, coraID: coraID)
            }
            if stage == .paused { try await step().pause(current, by: survivorID) }
            if stage == .withdrawn { try await step().withdraw(current, by: survivorID) }
            if stage == .closed { closedCase = caseID }
        }
        if let closedCase, let sofiID = ids["demo-sofi"], let sofiKey = personalKeys["demo-sofi"], let coraID = ids["demo-cora"] {
            try await demoLesson(
                from: closedCase, in: collectiveID, survivor: (sofiID, sofiKey), careTeam: coraID, now: now)
        }
        // The assembly: a meeting, and a member's motion on its agenda.
        let assembly = AssemblyService(database: db, keys: tejido.keys, now: now)
        let meeting = try await assembly.createMeeting(
            MeetingDetails(
                title: "(Fictional) Monthly assembly", heldOn: Calendar.utc.date(byAdding: .day, value: 10, to: now) ?? now),
            in: collectiveID, by: ids["demo-cora"] ?? collectiveID)
        if let beto = ids["demo-beto"] {
            let item = try await assembly.propose(
                AgendaText(
                    title: "(Fictional) A quiet room at the social centre",
                    text: "(Fictional) We propose keeping the back room quiet during events, for anyone who needs a pause."),
                in: collective, by: beto)
            if let entry = try await AssemblyQueries(database: db, keys: tejido.keys, collectiveID: collectiveID, now: now)
                .entry(item), let record = try await AssemblyMeetingRecord.find(meeting, on: db)
            {
                try await assembly.schedule(entry, on: record)
            }
        }
        try await demoSkills(collectiveID: collectiveID, ids: ids, now: now)
        try await makeDemoActivities(collectiveID: collectiveID, ids: ids, personalKeys: personalKeys, now: now)
        return DemoAccounts(slug: slug, passphrase: passphrase, usernames: ["demo-ana"] + ids.keys.sorted())
    }

    /// In the case at the response stage: the respondent is told with consent, writes his own
    /// proposal, the facilitator records it accepted and writes a commitment.
    private func demoAccountability(
        _ step: () -> CaseService, _ store: CaseStore, _ current: inout CaseFile, survivorID: UUID, ramonID: UUID,
        coraID: UUID
    ) async throws {
        let caseID = current.id
        let collectiveID = current.collectiveID
        func reload() async throws -> CaseFile {
            guard let file = try await store.load(caseID, in: collectiveID) else { throw TejidoError.notFound }
            return file
        }
        var lifted = current.wishes
        lifted.limits.remove(.doNotTellRespondent)
        try await step().saveWishes(current, lifted, agreement: nil, by: survivorID)
        try await step().recordConsent(
            try await reload(), scope: .tellRespondent,
            detail: "(Fictional) He may read what I mark for everyone and write his proposal.", agreement: nil, days: 90,
            by: survivorID)
        try await step().addPerson(
            try await reload(), username: "demo-ramon", role: .respondent, agreement: nil, by: survivorID)
        try await step().saveProposal(
            try await reload(),
            ChangeProposal(
                acknowledgement: "(Fictional) I shared her photos in the group chat without asking. It was wrong.",
                behaviours: "(Fictional) I will ask before sharing anything about anyone, and I deleted what I had.",
                repair: "(Fictional) I told the group chat why the photos were removed.",
                careWork: "(Fictional) Cleaning the social centre on Sundays for three months.",
                support: "(Fictional) A group for men working on consent.",
                timeline: "(Fictional) Three months, a check-in each month."),
            offered: [], by: ramonID)
        let file = try await reload()
        if let version = try await step().proposals(file).first {
            try await step().acceptProposal(file, version.id, by: coraID)
        }
        try await step().addCommitment(
            try await reload(), Commitment(title: "(Fictional) Clean the social centre on Sundays", kind: .careWork),
            dueOn: Calendar.utc.date(byAdding: .day, value: 90, to: tejido.clock.now()), by: coraID)
        current = try await reload()
    }

    public struct BenchSeed: Sendable {
        public let casePath: String
        public let username: String
        public let passphrase: String
    }

    /// `cases` synthetic cases holding `entries` timeline entries in all, every one sealed with its
    /// case's own key like real data, written in large batches straight to SQLite. One case, the
    /// one the benchmark reads, belongs to the bench account and has exactly 50 entries.
    public func benchSeed(cases: Int, entries: Int) async throws -> BenchSeed {
        guard case .sqlite = tejido.config.database else { throw CommandProblem.needsSQLite }
        try await requireEmpty()
        let passphrase = "bench " + SecretToken.generate().value.prefix(16)
        let slug = try await createCollective(name: "Bench", admin: "bench", passphrase: passphrase)
        guard let collective = try await CollectiveRecord.query(on: db).filter(\.$slug == slug).first(),
            let bench = try await UserRecord.query(on: db).filter(\.$usernameNormalized == "bench").first()
        else { throw CommandProblem.unknownCollective(slug) }
        let collectiveID = try collective.requireID()
        let benchID = try bench.requireID()
        let benchKey = try await AccountKeys(database: db, services: tejido, application: self)
            .unlock(benchID, passphrase: passphrase)
        let caseKeys = CaseKeys(database: db, keys: tejido.keys)
        let now = tejido.clock.now()
        let perCase = max(0, (entries - 50) / max(1, cases - 1))
        var target = UUID()
        var targetVault: CaseVault?
        let batch = 500
        var written = 0
        while written < cases {
            let count = min(batch, cases - written)
            var caseRows: [[any Encodable & Sendable]] = []
            var participantRows: [[any Encodable & Sendable]] = []
            var entryRows: [[any Encodable & Sendable]] = []
            for offset in 0..<count {
                let index = written + offset
                let caseID = UUID()
                if index == 0 { target = caseID }
                let dataKey = KeyWrapping.newDataKey()
                let pair = try CaseVault(caseID: caseID, key: dataKey).newCaseKeyPair()
                let vault = try CaseVault(caseID: caseID, key: dataKey, sealedPrivateKey: pair.sealedPrivateKey)
                // Only the bench account's case is wrapped for anyone; the others are filler no one reads.
                if index == 0 { targetVault = vault }
                let opened = now.addingTimeInterval(-Double(index) * 60)
                caseRows.append([
                    caseID, collectiveID, CaseStage.support.rawValue, pair.publicKey, pair.sealedPrivateKey,
                    try vault.seal(Disclosure(forSomeoneElse: false, narrative: "Synthetic case \(index)"), field: "disclosure"),
                    try vault.seal(CaseWishes(), field: "wishes"), opened, opened,
                ])
                let participantID = UUID()
                let body = ParticipantBody(
                    participation: CaseParticipation(role: .survivor), name: index == 0 ? nil : "Person \(index)",
                    userID: index == 0 ? benchID : nil)
                participantRows.append([
                    participantID, caseID, index == 0 ? Optional(benchID) : nil,
                    try vault.seal(body, field: "participant", row: participantID), opened,
                ])
                for number in 0..<(index == 0 ? 50 : perCase) {
                    let entryID = UUID()
                    let visibility: EntryVisibility = number % 3 == 0 ? .survivorSide : .caseTeam
                    let text =
                        "Synthetic entry \(number) of case \(index): a few sentences about a meeting, a check-in, what was agreed and what comes next."
                    entryRows.append([
                        entryID, caseID, participantID,
                        try vault.seal(EntryBody(kind: .note, visibility: visibility, text: text), field: "entry", row: entryID),
                        opened.addingTimeInterval(Double(number)),
                    ])
                }
            }
            let (caseBatch, participantBatch, entryBatch) = (caseRows, participantRows, entryRows)
            try await db.transaction { database in
                guard let tx = database as? any SQLDatabase else { throw CommandProblem.needsSQLite }
                try await Self.insert(
                    tx, "cases",
                    [
                        "id", "collective_id", "stage", "public_key", "sealed_private_key", "disclosure", "wishes", "opened_at",
                        "updated_at",
                    ], caseBatch)
                try await Self.insert(
                    tx, "case_participants", ["id", "case_id", "user_id", "body", "added_at"], participantBatch)
                for chunk in stride(from: 0, to: entryBatch.count, by: 1_000) {
                    try await Self.insert(
                        tx, "case_entries", ["id", "case_id", "author_id", "body", "created_at"],
                        Array(entryBatch[chunk..<min(chunk + 1_000, entryBatch.count)]))
                }
            }
            written += count
        }
        if let targetVault {
            try await caseKeys.give(
                targetVault, to: benchID, publicKey: try PersonalKey.Public(benchKey.publicKey.rawRepresentation), on: db)
        }
        return BenchSeed(
            casePath: SiteURL.casePage(slug: slug, caseID: target.text, .home).path, username: "bench",
            passphrase: passphrase)
    }

    private static func insert(
        _ sql: any SQLDatabase, _ table: String, _ columns: [String], _ rows: [[any Encodable & Sendable]]
    ) async throws {
        guard !rows.isEmpty else { return }
        var builder = sql.insert(into: table).columns(columns)
        for row in rows { builder = builder.values(row.map { SQLBind($0) }) }
        try await builder.run()
    }
}
