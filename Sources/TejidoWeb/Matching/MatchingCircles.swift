@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import TejidoCore
@preconcurrency import _CryptoExtras

/// Where a collective stands in one circle. The founder goes `forming` (waiting for answers) →
/// `signing` (the manifest sent) → `active`; an invited collective goes `invited` → `joined` (or
/// `declined`) → `signed` → `active`. Any member leaving, declining or signing something else
/// ends it for everyone (`ended`): a new circle is proposed instead.
enum CircleState: String, Sendable {
    case forming, signing, invited, joined, declined, signed, active, ended
}

/// The founder's record of one member's answer.
struct CircleResponse: Codable, Sendable, Equatable {
    var joined: Bool
    var key: String?
    var signature: String?
}

/// Key holders' published counts: for a key holder, the last day it published; for every member,
/// what each key holder published last, by the key holder's fingerprint.
struct CircleCounts: Codable, Sendable, Equatable {
    struct Report: Codable, Sendable, Equatable {
        var day: String
        var counts: [String: Int]
    }
    var published: String?
    var reported: [String: Report] = [:]
}

/// What became of the last change to a running circle, as this collective learnt it: the founder
/// knows who refused or declined; a member whose question was dropped knows only that the joining
/// did not go through. Shown to its admins until the next change.
struct CircleOutcome: Codable, Sendable, Equatable {
    enum Kind: String, Codable, Sendable {
        case joined, left, refused, declined, withdrawn
        /// A member's: the founder dropped the question (a refusal elsewhere, a decline, a withdrawal).
        case setAside = "set_aside"
    }

    var kind: Kind
    /// The collective joining or leaving.
    var who: String
    /// Who refused, for `refused`.
    var by: String?
    var at: Date
}

/// A running circle's next version while it is being agreed: a collective joining, or a member
/// leaving without ending the circle. The circle runs on the version everyone signed meanwhile.
struct CircleChange: Codable, Sendable, Equatable {
    /// The founder's: the collective asked to join, and what it was asked (until it answers,
    /// there is no manifest yet).
    var invitee: CircleManifest.Member?
    var proposal: CircleMessage?
    /// The next version, once there is one to sign.
    var manifest: CircleManifest?
    /// The founder's: every signature gathered so far. A member's: its own, once its admins agreed.
    var signatures: [String: String] = [:]
    /// A member's: its admins refused the collective joining.
    var refused = false
    /// A member leaving: its signature over leaving the version it left (base64), which every
    /// other member checks before signing the version without it.
    var leave: String?
}

/// One circle as this collective holds it.
struct MatchingCircle: Sendable {
    let record: MatchingCircleRecord
    let proposal: CircleMessage
    let manifest: CircleManifest?
    let signatures: [String: String]
    let responses: [String: CircleResponse]
    let counts: CircleCounts
    let pending: CircleChange?

    /// What the version being agreed changes, if one is.
    var change: CircleManifest.Change? {
        guard let manifest, let next = pending?.manifest else { return nil }
        return manifest.change(to: next)
    }

    /// What became of the last change, as this collective learnt it.
    var lastChange: CircleOutcome? {
        record.lastChange.flatMap { try? JSONDecoder().decode(CircleOutcome.self, from: Data($0.utf8)) }
    }

    var id: UUID { record.circleID }
    var state: CircleState { CircleState(rawValue: record.state) ?? .ended }
    var isFounder: Bool { record.founderConnectionID == nil }
    var name: String { proposal.name ?? "" }
    var members: [CircleManifest.Member] { manifest?.members ?? proposal.members ?? [] }
    func roles(of fingerprint: String) -> [CircleManifest.Role] {
        members.first { $0.fingerprint == fingerprint }?.roles ?? []
    }
}

/// Serialises changes to circles within this process: two members' answers arriving at the same
/// moment must both be counted (each is read, merged and written back). Across processes sharing
/// one database, the founder's nudges (`MatchingCircles.nudge`) ask again for anything lost.
actor MatchingGate {
    static let shared = MatchingGate()
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy { await withCheckedContinuation { waiting.append($0) } } else { busy = true }
        defer {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
        return try await body()
    }
}

/// Forming matching circles over the peer channel, and reading them. Every step is a `circle`
/// message built from the circle's row when it is sent (`CircleHandler`), so a resend carries
/// what is true then; the founder collects answers and signatures and tells everyone.
struct MatchingCircles {
    let database: any Database
    let keys: KeyRingStore
    let now: Date

    static func keyContext(_ row: UUID) -> Data { Data("matching-key:\(row.uuidString.lowercased())".utf8) }
    static func secretContext(_ row: UUID) -> Data { Data("matching-secret:\(row.uuidString.lowercased())".utf8) }

    var ownKeys: PeerPublicKeys { keys.current.identity.publicKeys }
    var ownFingerprint: String { ownKeys.fingerprint.hex }

    // MARK: Reading

    static func decode(_ record: MatchingCircleRecord) -> MatchingCircle? {
        let decoder = JSONDecoder()
        guard let proposal = try? decoder.decode(CircleMessage.self, from: Data(record.proposal.utf8)) else { return nil }
        return MatchingCircle(
            record: record, proposal: proposal,
            manifest: record.manifest.flatMap { try? decoder.decode(CircleManifest.self, from: Data($0.utf8)) },
            signatures: (try? decoder.decode([String: String].self, from: Data(record.signatures.utf8))) ?? [:],
            responses: (try? decoder.decode([String: CircleResponse].self, from: Data(record.responses.utf8))) ?? [:],
            counts: (try? decoder.decode(CircleCounts.self, from: Data(record.counts.utf8))) ?? CircleCounts(),
            pending: record.pending.flatMap { try? decoder.decode(CircleChange.self, from: Data($0.utf8)) })
    }

    func all(in collectiveID: UUID) async throws -> [MatchingCircle] {
        try await MatchingCircleRecord.query(on: database).filter(\.$collectiveID == collectiveID).sort(\.$createdAt, .descending)
            .all().compactMap(Self.decode)
    }

    func find(_ circleID: UUID, in collectiveID: UUID) async throws -> MatchingCircle? {
        try await MatchingCircleRecord.query(on: database).filter(\.$circleID == circleID)
            .filter(\.$collectiveID == collectiveID).first().flatMap(Self.decode)
    }

    /// The active circles a collective files entries in.
    func active(in collectiveID: UUID) async throws -> [MatchingCircle] {
        try await all(in: collectiveID).filter { $0.state == .active && $0.manifest != nil }
    }

    /// The collective's live connection to the instance with this fingerprint, for matching.
    static func connection(to fingerprint: String, among connections: [PeerConnection]) -> PeerConnection? {
        connections.first {
            $0.details.keys.fingerprint.hex == fingerprint && $0.sends(.matching) && $0.accepts.contains(.matching)
        }
    }

    func oprfKey(_ circle: MatchingCircle) -> P384._VOPRF.PrivateKey? {
        guard let id = circle.record.id, let sealed = circle.record.oprfKeySealed,
            let raw = SharedData.open(sealed, context: Self.keyContext(id), keys: keys)
        else { return nil }
        return MatchingKeys.privateKey(raw)
    }

    func secret(_ circle: MatchingCircle) -> Data? {
        guard let id = circle.record.id else { return nil }
        return SharedData.open(circle.record.secretSealed, context: Self.secretContext(id), keys: keys)
    }

    // MARK: Proposing and answering (an admin)

    /// Proposes a circle: this collective with `ownRoles`, and each chosen connection with its
    /// roles. Refused unless the roles make a valid manifest and every connection takes matching.
    func propose(
        name raw: String, collectiveID: UUID, ownRoles: [CircleManifest.Role], chosen: [(PeerConnection, [CircleManifest.Role])]
    ) async throws -> UUID {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if PeerText.checked(name, maximum: CircleMessage.nameLimit) == nil {
            problems.append(FieldProblem(field: "name", messageKey: "matching_error_circle_name"))
        }
        if chosen.contains(where: { !$0.0.sends(.matching) || !$0.0.accepts.contains(.matching) }) {
            problems.append(FieldProblem(field: "members", messageKey: "matching_error_circle_scope"))
        }
        let members =
            [CircleManifest.Member(fingerprint: ownFingerprint, signingKey: ownKeys.signingBase64, roles: ownRoles + [.member])]
            + chosen.map { connection, roles in
                CircleManifest.Member(
                    fingerprint: connection.details.keys.fingerprint.hex, signingKey: connection.details.keys.signingBase64,
                    roles: roles + [.member])
            }
        if !problems.contains(where: { $0.field == "members" }),
            CircleManifest.proposalProblem(name: "circle", members: members, limits: .standard) != nil
        {
            problems.append(FieldProblem(field: "members", messageKey: "matching_error_circle_roles"))
        }
        try problems.throwIfAny()
        let circleID = UUID()
        let proposal = CircleMessage(
            step: .proposal, circle: circleID, version: 1, name: name, members: members, limits: .standard)
        let record = try newRecord(circleID: circleID, collectiveID: collectiveID, proposal: proposal, founder: nil)
        var responses = [ownFingerprint: CircleResponse(joined: true)]
        if ownRoles.contains(.keyHolder) { responses[ownFingerprint]?.key = try giveKey(record) }
        record.state = CircleState.forming.rawValue
        record.responses = try Self.json(responses)
        try await database.transaction { db in
            try await record.create(on: db)
            for (connection, _) in chosen {
                try await PeerOutbox(database: db, now: now).enqueue(.circle, subject: circleID.text, to: connection.id)
            }
        }
        return circleID
    }

    private func newRecord(
        circleID: UUID, collectiveID: UUID, proposal: CircleMessage, founder: UUID?
    ) throws
        -> MatchingCircleRecord
    {
        let record = MatchingCircleRecord()
        let id = UUID()
        record.id = id
        record.circleID = circleID
        record.collectiveID = collectiveID
        record.founderConnectionID = founder
        record.state = CircleState.invited.rawValue
        record.version = proposal.version
        record.proposal = try Self.json(proposal)
        record.signatures = "{}"
        record.responses = "{}"
        record.counts = "{}"
        record.secretSealed = try SharedData.seal(
            SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }, context: Self.secretContext(id), keys: keys)
        record.createdAt = now
        record.updatedAt = now
        return record
    }

    /// Makes this collective's oblivious key for the circle; returns its public half.
    private func giveKey(_ record: MatchingCircleRecord) throws -> String {
        let key = MatchingKeys.newKey()
        record.oprfKeySealed = try SharedData.seal(key.rawRepresentation, context: Self.keyContext(record.id!), keys: keys)
        return MatchingKeys.publicKey(of: key)
    }

    /// The founder asks again, once a minute, every member whose answer or signature has not
    /// arrived: a lost message, or one lost to a race between processes, never leaves a circle
    /// waiting for ever. Run by the delivery timer.
    static func nudge(_ env: PeerEnvironment) async throws {
        let store = MatchingCircles(database: env.database, keys: env.keys, now: env.now)
        let stale = try await MatchingCircleRecord.query(on: env.database).filter(\.$founderConnectionID == nil)
            .group(.or) {
                $0.filter(\.$state ~~ [CircleState.forming.rawValue, CircleState.signing.rawValue])
                    .filter(\.$pending != nil)
            }
            .filter(\.$state != CircleState.ended.rawValue)
            .filter(\.$updatedAt < env.now.addingTimeInterval(-60)).all()
        for record in stale {
            guard let circle = decode(record) else { continue }
            let missing = try await store.waitingFor(circle)
            let connections = try await PeerConnections(database: env.database, keys: env.keys, now: env.now)
                .all(in: record.collectiveID)
            try await store.save(
                record,
                enqueueTo: missing.compactMap { fingerprint in
                    connections.first { $0.details.keys.fingerprint.hex == fingerprint }?.id
                })
        }
    }

    /// For the founder: the members whose answer (forming) or signature (signing) has not arrived.
    func waitingFor(_ circle: MatchingCircle) async throws -> [String] {
        let others = circle.members.map(\.fingerprint).filter { $0 != ownFingerprint }
        switch circle.state {
        case .forming: return others.filter { circle.responses[$0]?.joined != true }
        case .signing: return others.filter { circle.signatures[$0] == nil }
        case .active:
            // A version being agreed: the collective asked to join, then whoever has not signed.
            guard let pending = circle.pending else { return [] }
            guard let next = pending.manifest else { return pending.invitee.map { [$0.fingerprint] } ?? [] }
            return next.members.map(\.fingerprint).filter { $0 != ownFingerprint && pending.signatures[$0] == nil }
        default: return []
        }
    }

    /// An invited collective's admin answers.
    func answer(_ circle: MatchingCircle, join: Bool) async throws {
        guard circle.state == .invited, let founder = circle.record.founderConnectionID else {
            throw TejidoError.conflict(messageKey: "matching_error_circle_state")
        }
        let record = circle.record
        if join, circle.roles(of: ownFingerprint).contains(.keyHolder) { _ = try giveKey(record) }
        record.state = (join ? CircleState.joined : .declined).rawValue
        try await save(record, enqueueTo: [founder])
    }

    /// A key holder replaces its key (it fears the old one was taken): the old key is thrown away
    /// at once, and the circle goes to its next version, which every member signs again. Until
    /// then nothing is evaluated; after, every entry is made again (`matching_entry_reenter`).
    func replaceKey(_ circle: MatchingCircle) async throws {
        guard circle.state == .active, let manifest = circle.manifest, circle.roles(of: ownFingerprint).contains(.keyHolder)
        else { throw TejidoError.conflict(messageKey: "matching_error_circle_state") }
        let record = circle.record
        // A leaving being signed comes first; an invitation under way is set aside for this.
        if case .removed = circle.change { throw TejidoError.conflict(messageKey: "matching_error_circle_busy") }
        if circle.isFounder, circle.pending != nil, circle.pending?.invitee == nil {
            throw TejidoError.conflict(messageKey: "matching_error_circle_busy")
        }
        let others = circle.isFounder && circle.pending != nil ? try await setAside(circle) : []
        let key = try giveKey(record)
        record.version = manifest.version + 1
        if let founder = record.founderConnectionID {
            // The founder builds the next version with this key, as it built the first with it.
            record.state = CircleState.joined.rawValue
            try await save(record, enqueueTo: [founder])
        } else {
            try await startSigning(record, circle, manifest.rekeyed(holder: ownFingerprint, key: key), alsoTell: others)
        }
    }

    /// The founder's side of a new version: signed here first, then sent to every member.
    func startSigning(
        _ record: MatchingCircleRecord, _ circle: MatchingCircle, _ manifest: CircleManifest, alsoTell others: [UUID] = []
    )
        async throws
    {
        record.version = manifest.version
        record.manifest = try Self.json(manifest)
        record.signatures = try Self.json(try signedHere(manifest))
        record.state = CircleState.signing.rawValue
        try await save(record, enqueueTo: Array(Set(try await memberConnections(circle) + others)))
    }

    /// Leaving: the founder takes this collective out of the next version, or — when the circle
    /// cannot go on without it (`CircleManifest.removing`) — ends it for everyone. Either way its
    /// oblivious key is thrown away here.
    func leave(_ circle: MatchingCircle) async throws {
        guard circle.state != .ended else { return }
        let record = circle.record
        record.state = CircleState.ended.rawValue
        record.problem = "matching_problem_left_here"
        record.pending = nil
        record.oprfKeySealed = nil
        if let founder = record.founderConnectionID {
            try await save(record, enqueueTo: [founder])
        } else {
            try await save(record, enqueueTo: try await memberConnections(circle))
        }
    }

    func save(
        _ record: MatchingCircleRecord, enqueueTo connections: [UUID],
        also: @escaping @Sendable (any Database) async throws -> Void = { _ in }
    ) async throws {
        record.updatedAt = now
        try await database.transaction { db in
            try await record.update(on: db)
            try await also(db)
            // An ended circle's board forgets its records: their tags match nothing any more. So
            // does a circle going to a new version with a replaced key.
            let rekeying =
                record.version > 1 && [CircleState.signing.rawValue, CircleState.signed.rawValue].contains(record.state)
            if record.state == CircleState.ended.rawValue || rekeying {
                try await MatchingBoardRecord.query(on: db).filter(\.$circleID == record.circleID).delete()
            }
            for connection in connections {
                try await PeerOutbox(database: db, now: now).enqueue(.circle, subject: record.circleID.text, to: connection)
            }
        }
    }

    /// This collective's connections to every other member.
    func memberConnections(_ circle: MatchingCircle) async throws -> [UUID] {
        try await connections(to: circle.members, in: circle.record.collectiveID)
    }

    func connections(to members: [CircleManifest.Member], in collectiveID: UUID) async throws -> [UUID] {
        let connections = try await PeerConnections(database: database, keys: keys, now: now).all(in: collectiveID)
        return members.filter { $0.fingerprint != ownFingerprint }.compactMap { member in
            connections.first { $0.details.keys.fingerprint.hex == member.fingerprint }?.id
        }
    }

    /// Notes what became of a change on the row, for its admins (saved with the row).
    func noteOutcome(_ record: MatchingCircleRecord, _ kind: CircleOutcome.Kind, who: String, by: String? = nil) throws {
        record.lastChange = try Self.json(CircleOutcome(kind: kind, who: who, by: by, at: now))
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    // MARK: The messages

    /// The subject of a key holder's counts for one day, and back.
    static func countsSubject(_ circle: UUID, day: String) -> String { "counts|\(circle.text)|\(day)" }

    /// A key holder publishes, once a day, how many evaluations each member asked for the day
    /// before, to every member: anyone can see a member asking far more than entries explain.
    /// Run by the delivery timer.
    static func publishCounts(_ env: PeerEnvironment) async throws {
        let store = MatchingCircles(database: env.database, keys: env.keys, now: env.now)
        let yesterday = KeyHolderCounts.day(env.now.addingTimeInterval(-86_400))
        for record in try await MatchingCircleRecord.query(on: env.database).filter(\.$state == CircleState.active.rawValue)
            .all()
        {
            guard let circle = decode(record), circle.roles(of: store.ownFingerprint).contains(.keyHolder),
                circle.counts.published != yesterday
            else { continue }
            var counts = circle.counts
            counts.published = yesterday
            record.counts = try json(counts)
            let connections = try await store.memberConnections(circle)
            record.updatedAt = env.now
            try await env.database.transaction { db in
                try await record.update(on: db)
                for connection in connections {
                    try await PeerOutbox(database: db, now: env.now).enqueue(
                        .circle, subject: countsSubject(circle.id, day: yesterday), to: connection)
                }
            }
        }
    }

    /// The counts message for one day, from the key holder's table: by member fingerprint.
    func countsMessage(_ subject: String, to connection: PeerConnection) async throws -> CircleMessage? {
        let parts = subject.split(separator: "|").map(String.init)
        guard parts.count == 3, let circleID = UUID(uuidString: parts[1]),
            let circle = try await find(circleID, in: connection.collectiveID), circle.state == .active
        else { return nil }
        let rows = try await MatchingEvaluationRecord.query(on: database).filter(\.$circleID == circleID)
            .filter(\.$day == parts[2]).all()
        let connections = try await PeerConnections(database: database, keys: keys, now: now).all(in: connection.collectiveID)
        var counts = Dictionary(circle.members.map { ($0.fingerprint, 0) }) { a, _ in a }
        counts[ownFingerprint] = nil
        for row in rows {
            guard let fingerprint = connections.first(where: { $0.id == row.connectionID })?.details.keys.fingerprint.hex
            else { continue }
            counts[fingerprint, default: 0] += row.count
        }
        return CircleMessage(step: .counts, circle: circleID, version: circle.record.version, day: parts[2], counts: counts)
    }

    /// What this side says now about `circleID` to `connection`, from the row as it stands.
    func message(_ circleID: UUID, to connection: PeerConnection) async throws -> CircleMessage? {
        guard let circle = try await find(circleID, in: connection.collectiveID) else { return nil }
        let version = circle.record.version
        if circle.isFounder {
            let fingerprint = connection.details.keys.fingerprint.hex
            if circle.state == .active, let said = changeMessage(circle, to: fingerprint) { return said }
            // A collective in no version of the circle (its joining set aside, or it left) hears so.
            if !circle.members.contains(where: { $0.fingerprint == fingerprint }) {
                return CircleMessage(step: .leave, circle: circleID, version: version)
            }
            switch circle.state {
            case .forming: return circle.proposal
            case .signing:
                return CircleMessage(step: .manifest, circle: circleID, version: version, manifest: circle.manifest)
            case .active:
                return CircleMessage(
                    step: .complete, circle: circleID, version: version, manifest: circle.manifest, signatures: circle.signatures)
            case .ended: return CircleMessage(step: .leave, circle: circleID, version: version)
            default: return nil
            }
        }
        guard circle.record.founderConnectionID == connection.id else { return nil }
        switch circle.state {
        case .joined:
            let key = oprfKey(circle).map(MatchingKeys.publicKey(of:))
            return CircleMessage(step: .join, circle: circleID, version: version, oprfKey: key)
        case .declined: return CircleMessage(step: .decline, circle: circleID, version: version)
        case .active where circle.pending != nil:
            // Its answer to the version being agreed, once its admins gave one.
            guard let pending = circle.pending, let next = pending.manifest else { return nil }
            // A refusal names what it refuses, so it never sets aside another change made since.
            if pending.refused { return CircleMessage(step: .decline, circle: circleID, version: next.version, manifest: next) }
            guard let signature = pending.signatures[ownFingerprint] else { return nil }
            return CircleMessage(step: .signature, circle: circleID, version: next.version, signature: signature)
        case .signed, .active:
            return CircleMessage(
                step: .signature, circle: circleID, version: version, signature: circle.signatures[ownFingerprint])
        case .ended:
            // Signed only when its admins chose to leave, so the founder can show every other
            // member that it left. Ended by a refusal (a manifest it would not sign), it gives no
            // such word, and the founder ends the circle as a refusal always did.
            let chose = circle.record.problem == "matching_problem_left_here"
            let statement =
                chose
                ? circle.manifest.flatMap { try? keys.current.identity.signingKey.signature(for: $0.leaveStatement()) } : nil
            return CircleMessage(
                step: .leave, circle: circleID, version: circle.manifest?.version ?? version,
                signature: statement?.base64EncodedString())
        default: return nil
        }
    }

    /// Applies a step from `connection`'s instance, one at a time.
    func receive(_ message: CircleMessage, on connection: PeerConnection) async throws {
        try await MatchingGate.shared.run { try await apply(message, on: connection) }
    }

    private func apply(_ message: CircleMessage, on connection: PeerConnection) async throws {
        let sender = connection.details.keys.fingerprint.hex
        let existing = try await find(message.circle, in: connection.collectiveID)
        switch message.step {
        case .proposal:
            // Invited afresh to a circle this collective left or was not let into: asked anew.
            let again =
                existing.map {
                    [.ended, .declined].contains($0.state) && message.version >= $0.record.version && message.version > 1
                }
                ?? true
            if let circle = existing, !again {
                // Asked again: the answer given may have been lost on the way.
                if circle.record.founderConnectionID == connection.id, [.joined, .declined].contains(circle.state) {
                    try await save(circle.record, enqueueTo: [connection.id])
                }
                return
            }
            guard let name = message.name, let members = message.members, let limits = message.limits,
                (1...CircleMessage.versionLimit).contains(message.version),
                members.contains(where: { $0.fingerprint == ownFingerprint }),
                members.first?.fingerprint == sender,
                CircleManifest.proposalProblem(name: name, members: members, limits: limits) == nil
            else { throw StrictJSON.Problem.invalid }
            let record = try newRecord(
                circleID: message.circle, collectiveID: connection.collectiveID, proposal: message, founder: connection.id)
            try await database.transaction { db in
                if let old = existing?.record { try await old.delete(on: db) }
                try await record.create(on: db)
            }
        case .manifest, .complete:
            guard let circle = existing, circle.record.founderConnectionID == connection.id else { return }
            try await fromFounder(message, circle)
        case .join, .decline, .signature:
            guard let circle = existing, circle.isFounder, circle.state != .ended else { return }
            if circle.state == .active, message.version == circle.record.version + 1,
                circle.pending != nil || message.step != .join
            {
                try await changeAnswer(message, sender: sender, circle)
            } else if circle.members.contains(where: { $0.fingerprint == sender }) {
                try await fromMember(message, sender: sender, circle)
            }
        case .counts:
            guard let circle = existing, circle.state == .active, circle.roles(of: sender).contains(.keyHolder),
                let day = message.day, let counts = message.counts, counts.count <= CircleMessage.memberLimit
            else { return }
            var known = circle.counts
            known.reported[sender] = CircleCounts.Report(day: day, counts: counts)
            circle.record.counts = try Self.json(known)
            try await save(circle.record, enqueueTo: [])
        case .leave:
            guard let circle = existing, circle.state != .ended else { return }
            if circle.isFounder {
                if circle.state == .active, let invitee = circle.pending?.invitee, invitee.fingerprint == sender {
                    // The invited collective left before the others agreed: it is not let in.
                    try noteOutcome(circle.record, .declined, who: sender)
                    try await save(circle.record, enqueueTo: try await setAside(circle))
                    return
                }
                guard circle.members.contains(where: { $0.fingerprint == sender }) else { return }
                try await memberLeft(sender, circle, statement: message.signature)
            } else if circle.record.founderConnectionID == connection.id {
                // Invited into a running circle and never in it: its joining was not agreed.
                let invited = circle.proposal.version > 1 && [.invited, .joined, .declined, .signed].contains(circle.state)
                // Its own admins' decline is theirs, not the members' refusal.
                circle.record.problem =
                    !invited
                    ? "matching_problem_left"
                    : circle.state == .declined ? "matching_problem_declined_here" : "matching_problem_not_joined"
                circle.record.state = CircleState.ended.rawValue
                try await save(circle.record, enqueueTo: [])
            }
        }
    }

    /// A member's side: the manifest to sign, or everyone's signatures.
    private func fromFounder(_ message: CircleMessage, _ given: MatchingCircle) async throws {
        var circle = given
        if let base = message.base, let signatures = message.baseSignatures, try await catchUp(base, signatures, circle) {
            guard let fresh = try await find(circle.id, in: circle.record.collectiveID) else { return }
            circle = fresh
        }
        let record = circle.record
        if message.step == .manifest, circle.state == .active, let current = circle.manifest,
            let manifest = message.manifest, manifest.version == record.version + 1
        {
            try await signNextVersion(manifest, of: current, circle, leave: message.signature)
            return
        }
        if message.step == .complete, circle.state == .active, circle.pending != nil {
            try await changeDecided(message, circle)
            return
        }
        guard let manifest = message.manifest, manifest.circle == circle.id, manifest.version == record.version else {
            throw StrictJSON.Problem.invalid
        }
        switch message.step {
        case .manifest:
            if circle.state == .signed, circle.manifest?.signedBytes == manifest.signedBytes {
                // Asked again: the signature may have been lost on the way.
                try await save(record, enqueueTo: [record.founderConnectionID!])
                return
            }
            guard circle.state == .joined, let members = circle.proposal.members,
                let limits = circle.proposal.limits
            else { return }
            let ownKey = oprfKey(circle).map(MatchingKeys.publicKey(of:))
            if let held = circle.manifest {
                // This key holder replaced its key: the founder's version must be the one it held
                // with its own new key, nothing else. A join or leave crossing it is not answered
                // (the founder sets an invitation aside for the key, or ends the circle).
                if held.rekeyedHolder(in: manifest) == ownFingerprint, manifest.member(ownFingerprint)?.oprfKey == ownKey {
                    try await sign(manifest, record)
                    return
                }
                if held.change(to: manifest) != nil { return }
                try await refuse(record, problem: "matching_problem_manifest")
                return
            }
            guard
                manifest.fulfils(
                    name: circle.name, members: members, limits: limits, ownFingerprint: ownFingerprint, ownKey: ownKey)
            else {
                // Not what this collective joined: it signs nothing and leaves.
                try await refuse(record, problem: "matching_problem_manifest")
                return
            }
            try await sign(manifest, record)
        default:
            guard circle.state == .signed || circle.state == .active, let signed = circle.manifest,
                signed.signedBytes == manifest.signedBytes, let signatures = message.signatures
            else { return }
            let raw = signatures.compactMapValues { Data(base64Encoded: $0) }
            do {
                try manifest.verify(signatures: raw)
            } catch {
                try await refuse(record, problem: "matching_problem_signature")
                return
            }
            record.signatures = try Self.json(signatures)
            record.state = CircleState.active.rawValue
            try await save(record, enqueueTo: [])
        }
    }

    /// A member signs the next version only if it is the one it holds with one key holder's key
    /// replaced — never its own key, which it did not replace. Anything else ends the circle here.
    private func signNextVersion(
        _ manifest: CircleManifest, of current: CircleManifest, _ circle: MatchingCircle, leave: String?
    )
        async throws
    {
        let record = circle.record
        switch current.change(to: manifest) {
        case .rekey(let holder) where holder != ownFingerprint:
            record.pending = nil
        case .added(let joining) where joining != ownFingerprint:
            try await changeProposed(manifest, circle, signNow: false)
            return
        case .removed(let leaving)
        where leaving != ownFingerprint
            && leave.flatMap { Data(base64Encoded: $0) }.map { current.leaveHolds($0, by: leaving) } == true:
            try await changeProposed(manifest, circle, signNow: true)
            return
        default:
            try await refuse(record, problem: "matching_problem_manifest")
            return
        }
        try await sign(manifest, record)
    }

    /// A member signs `manifest` (the version it goes to) and sends its signature to the founder.
    private func sign(_ manifest: CircleManifest, _ record: MatchingCircleRecord) async throws {
        record.version = manifest.version
        record.manifest = try Self.json(manifest)
        record.signatures = try Self.json(try signedHere(manifest))
        record.state = CircleState.signed.rawValue
        try await save(record, enqueueTo: [record.founderConnectionID!])
    }

    /// This collective's own signature over `manifest`, by fingerprint, as the records keep them.
    func signedHere(_ manifest: CircleManifest) throws -> [String: String] {
        [ownFingerprint: try manifest.signature(by: keys.current.identity.signingKey).base64EncodedString()]
    }

    /// A member refuses what the founder sent: it signs nothing, ends the circle here, and tells
    /// the founder (with no word of leaving, so the founder ends it for everyone).
    func refuse(_ record: MatchingCircleRecord, problem: String) async throws {
        record.state = CircleState.ended.rawValue
        record.problem = problem
        try await save(record, enqueueTo: [record.founderConnectionID!])
    }

    /// The founder's side: a member's answer or signature.
    private func fromMember(_ message: CircleMessage, sender: String, _ circle: MatchingCircle) async throws {
        let record = circle.record
        var responses = circle.responses
        switch message.step {
        case .decline:
            guard circle.state == .forming else { return }
            try await end(circle, problem: "matching_problem_declined")
        case .join where circle.state == .active:
            // A key holder replaced its key: the next version, with its new key.
            guard let manifest = circle.manifest, message.version == manifest.version + 1,
                circle.roles(of: sender).contains(.keyHolder),
                let key = message.oprfKey, CircleManifest.oprfKey(key) != nil
            else { return }
            try await startSigning(record, circle, manifest.rekeyed(holder: sender, key: key))
        case .join:
            guard circle.state == .forming, message.version == record.version else { return }
            let holder = circle.roles(of: sender).contains(.keyHolder)
            if holder, message.oprfKey.flatMap(CircleManifest.oprfKey) == nil { throw StrictJSON.Problem.invalid }
            responses[sender] = CircleResponse(joined: true, key: holder ? message.oprfKey : nil)
            record.responses = try Self.json(responses)
            guard circle.members.allSatisfy({ responses[$0.fingerprint]?.joined == true }),
                let name = circle.proposal.name, let members = circle.proposal.members, let limits = circle.proposal.limits
            else {
                try await save(record, enqueueTo: [])
                return
            }
            // Everyone joined: the manifest, with each key holder's key, signed here first.
            let manifest = CircleManifest.from(
                circle: circle.id, version: record.version, name: name, members: members, limits: limits,
                keys: responses.compactMapValues(\.key))
            record.manifest = try Self.json(manifest)
            record.signatures = try Self.json(try signedHere(manifest))
            record.state = CircleState.signing.rawValue
            try await save(record, enqueueTo: try await memberConnections(circle))
        default:
            // A signature of another version (a resend from before a key was replaced) is not one.
            guard circle.state == .signing, message.version == record.version, let manifest = circle.manifest,
                let member = manifest.member(sender),
                let signature = message.signature.flatMap({ Data(base64Encoded: $0) })
            else { return }
            let key = Data(base64Encoded: member.signingKey).flatMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }
            guard let key, key.isValidSignature(signature, for: manifest.signedBytes) else {
                // While a circle forms, a member that signs anything but this manifest ends it. In a
                // running circle it may be an agreement still in flight to a change set aside: not
                // taken, and the circle waits for the right one.
                if manifest.version == 1 { try await end(circle, problem: "matching_problem_signature") }
                return
            }
            var signatures = circle.signatures
            signatures[sender] = message.signature
            record.signatures = try Self.json(signatures)
            if (try? manifest.verify(signatures: signatures.compactMapValues { Data(base64Encoded: $0) })) != nil {
                record.state = CircleState.active.rawValue
                try await save(record, enqueueTo: try await memberConnections(circle))
            } else {
                try await save(record, enqueueTo: [])
            }
        }
    }

    func end(_ circle: MatchingCircle, problem: String) async throws {
        circle.record.state = CircleState.ended.rawValue
        circle.record.problem = problem
        try await save(circle.record, enqueueTo: try await memberConnections(circle))
    }
}

/// `circle`: one step of forming a circle, or leaving it.
struct CircleHandler: PeerMessageHandler {
    let kind = PeerMessageKind.circle

    private func store(_ env: PeerEnvironment) -> MatchingCircles {
        MatchingCircles(database: env.database, keys: env.keys, now: env.now)
    }

    func message(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws -> Data? {
        if subject.hasPrefix("counts|") {
            return try await store(env).countsMessage(subject, to: connection).map { try JSONEncoder().encode($0) }
        }
        guard let id = UUID(uuidString: subject), let message = try await store(env).message(id, to: connection) else {
            return nil
        }
        return try JSONEncoder().encode(message)
    }

    func receive(_ body: Data, on connection: PeerConnection, in env: PeerEnvironment) async throws -> Data {
        try await store(env).receive(try StrictJSON.decode(CircleMessage.self, from: body), on: connection)
        return try acknowledged()
    }
}
