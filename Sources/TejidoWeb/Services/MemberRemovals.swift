@preconcurrency import Crypto
import Fluent
import Foundation
import TejidoCore

/// The reasons admins give for removing people, sealed with a key derived from the instance key
/// (a reason can say what someone did) and bound to their row.
enum MemberRemovals {
    static let reasonLimit = 2_000

    static func context(_ id: UUID) -> Data { Data("member-removal:\(id.text)".utf8) }

    static func validatedReason(_ raw: String) throws -> String {
        let reason = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { throw TejidoError.invalid([FieldProblem(field: "reason", messageKey: "error_removal_reason")]) }
        if reason.count > reasonLimit {
            throw TejidoError.invalid([FieldProblem(field: "reason", messageKey: "error_text_long")])
        }
        return reason
    }

    static func record(
        _ membership: MembershipRecord, reason: String, by adminID: UUID, at: Date, key: SymmetricKey, on db: any Database
    ) async throws {
        let row = MemberRemovalRecord()
        let id = UUID()
        row.id = id
        row.$collective.id = membership.$collective.id
        row.$user.id = membership.$user.id
        row.$removedBy.id = adminID
        row.reason = try Sealing.seal(Data(reason.utf8), with: key, associatedData: context(id))
        row.at = at
        try await row.create(on: db)
    }

    /// Opens a reason with whichever of `keys` sealed it (during a key rotation, an older one).
    static func reason(_ row: MemberRemovalRecord, keys: [SymmetricKey]) -> String? {
        guard let id = row.id, let data = InstanceSealed.open(row.reason, keys: keys, context: context(id)) else {
            return nil
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func all(in collectiveID: UUID, on db: any Database) async throws -> [MemberRemovalRecord] {
        try await MemberRemovalRecord.query(on: db).filter(\.$collective.$id == collectiveID).with(\.$user)
            .with(\.$removedBy).sort(\.$at, .descending).all()
    }

    /// Seals every reason again under the newest key, for `tejido keys rotate`.
    static func reseal(keys: [SymmetricKey], on db: any Database) async throws {
        for row in try await MemberRemovalRecord.query(on: db).all() {
            guard let id = row.id, let reason = reason(row, keys: keys) else { continue }
            row.reason = try Sealing.seal(Data(reason.utf8), with: keys[0], associatedData: context(id))
            try await row.save(on: db)
        }
    }
}
