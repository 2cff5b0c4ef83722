@preconcurrency import Crypto
import Fluent
import Foundation
import TejidoCore

/// Members acknowledging the co-existence agreement, and concerns about the protocol.
struct AgreementService {
    let database: any Database
    let now: Date

    func hasAcknowledged(versionID: UUID, userID: UUID) async throws -> Bool {
        try await AgreementAcknowledgementRecord.query(on: database)
            .filter(\.$version.$id == versionID).filter(\.$user.$id == userID).count() > 0
    }

    /// Acknowledging twice is the same as once, even when a double click sends it twice at once.
    func acknowledge(collectiveID: UUID, versionID: UUID, userID: UUID) async throws {
        if try await hasAcknowledged(versionID: versionID, userID: userID) { return }
        do {
            try await AgreementAcknowledgementRecord(collectiveID: collectiveID, versionID: versionID, userID: userID, at: now)
                .save(on: database)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return
        }
    }

    /// Whether `userID` is still to acknowledge the agreement in force, and if so whether as a
    /// newcomer (they joined after it was adopted, so nobody asked them at the time). Nil when
    /// nothing is waiting for them.
    func pending(collectiveID: UUID, userID: UUID) async throws -> (newcomer: Bool, number: Int)? {
        guard let adopted = try await ProtocolQueries(database: database, collectiveID: collectiveID).adopted(),
            try await !hasAcknowledged(versionID: adopted.version.requireID(), userID: userID)
        else { return nil }
        let joinedAt = try await MembershipQueries(database: database).find(userID: userID, in: collectiveID)?.joinedAt
        let adoptedAt = adopted.decision.decidedAt ?? adopted.version.createdAt
        return (joinedAt.map { AgreementReview.isNewcomer(joinedAt: $0, adoptedAt: adoptedAt) } ?? false, adopted.version.number)
    }

    /// How many of the collective's members have acknowledged `versionID`, of how many. Numbers
    /// only: who has and who has not is nobody's business, and a list of names invites pressure.
    func acknowledgementCounts(collectiveID: UUID, versionID: UUID) async throws -> (acknowledged: Int, members: Int) {
        let members = Set(try await CollectiveService(database: database, now: now).members(of: collectiveID).map(\.$user.id))
        let records = try await AgreementAcknowledgementRecord.query(on: database).filter(\.$version.$id == versionID).all()
        // Someone who acknowledged and then left is not counted among those who are here.
        return (Set(records.map(\.$user.id)).intersection(members).count, members.count)
    }

    static func sealingContext(_ concernID: UUID) -> String { "protocol-concern:\(concernID.text)" }

    static let concernLengthLimit = 10_000

    func raiseConcern(
        collectiveID: UUID, versionID: UUID, part: String, text raw: String, authorID: UUID?, key: SymmetricKey
    ) async throws {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if text.isEmpty { problems.append(FieldProblem(field: "text", messageKey: "error_concern_empty")) }
        if text.count > Self.concernLengthLimit { problems.append(FieldProblem(field: "text", messageKey: "error_concern_long")) }
        try problems.throwIfAny()
        let concern = ProtocolConcernRecord()
        let id = UUID()
        concern.id = id
        concern.$collective.id = collectiveID
        concern.$version.id = versionID
        let sealed = try JSONEncoder().encode(ProtocolConcern(part: part, text: text))
        concern.body = try Sealing.seal(sealed, with: key, associatedData: Data(Self.sealingContext(id).utf8))
        concern.$author.id = authorID
        concern.createdAt = authorID == nil ? Calendar.utc.startOfDay(for: now) : now
        try await concern.create(on: database)
    }

    /// Opens a concern with whichever of `keys` sealed it (during a key rotation, an older one).
    static func open(_ concern: ProtocolConcernRecord, keys: [SymmetricKey]) -> ProtocolConcern? {
        guard let id = concern.id,
            let data = InstanceSealed.open(concern.body, keys: keys, context: Data(sealingContext(id).utf8))
        else { return nil }
        return try? JSONDecoder().decode(ProtocolConcern.self, from: data)
    }

    func concerns(collectiveID: UUID) async throws -> [ProtocolConcernRecord] {
        try await ProtocolConcernRecord.query(on: database)
            .filter(\.$collective.$id == collectiveID).with(\.$author).with(\.$version)
            .sort(\.$createdAt, .descending).all()
    }

    func concern(_ id: UUID, collectiveID: UUID) async throws -> ProtocolConcernRecord? {
        try await ProtocolConcernRecord.query(on: database)
            .filter(\.$collective.$id == collectiveID).filter(\.$id == id).first()
    }

    func resolve(_ concern: ProtocolConcernRecord) async throws {
        guard concern.resolvedAt == nil else { return }
        concern.resolvedAt = now
        try await concern.save(on: database)
    }
}

/// What a concern says, sealed as one: which part of the protocol, and the member's words.
struct ProtocolConcern: Codable {
    let part: String
    let text: String
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
