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

    /// Each member and when they acknowledged `versionID`, if they did.
    func acknowledgements(collectiveID: UUID, versionID: UUID) async throws -> [(username: String, at: Date?)] {
        let members = try await CollectiveService(database: database, now: now).members(of: collectiveID)
        let records = try await AgreementAcknowledgementRecord.query(on: database).filter(\.$version.$id == versionID).all()
        let dates = Dictionary(records.map { ($0.$user.id, $0.acknowledgedAt) }, uniquingKeysWith: { first, _ in first })
        return members.map { ($0.user.username, dates[$0.$user.id]) }
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
