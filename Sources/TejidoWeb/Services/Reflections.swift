@preconcurrency import Crypto
import Fluent
import Foundation
import TejidoCore

/// Reflections on ended cases, kept so they can be counted and not traced.
///
/// Two tables that share nothing. A receipt is a keyed hash of (case, person): enough to refuse
/// a second reflection, and nothing a reader of the database can turn back into either without
/// the instance key. The answers sit apart with their collective, the month they were given and
/// — sealed with them — the person's side: no case, no person, no time finer than a month. The
/// server must open them to count, so they are sealed with a key derived from the instance key.
enum Reflections {
    struct Sealed: Codable {
        let side: Reflection.Side
        let reflection: Reflection
    }

    static func context(_ id: UUID) -> Data { Data("reflection:\(id.text)".utf8) }

    static func receipt(caseID: UUID, userID: UUID, key: SymmetricKey) -> String {
        KeyDerivation.pseudonym(for: "reflection:\(caseID.text):\(userID.text)", key: key)
    }

    /// Whether this person already gave the reflection on this case, under any key in the ring
    /// (a receipt made before a rotation still counts while its key is kept).
    static func hasGiven(caseID: UUID, userID: UUID, receiptKeys: [SymmetricKey], on db: any Database) async throws -> Bool {
        let receipts = receiptKeys.map { receipt(caseID: caseID, userID: userID, key: $0) }
        return try await ReflectionReceiptRecord.query(on: db).filter(\.$receipt ~~ receipts).count() > 0
    }

    /// Keeps one reflection. A second from the same person on the same case is refused, even
    /// when both arrive at once: the receipt's unique key lets only one in, and the answers go in
    /// the same transaction or not at all.
    static func give(
        _ reflection: Reflection, side: Reflection.Side, collectiveID: UUID, caseID: UUID, userID: UUID, now: Date,
        sealingKey: SymmetricKey, receiptKeys: [SymmetricKey], on db: any Database
    ) async throws {
        if try await hasGiven(caseID: caseID, userID: userID, receiptKeys: receiptKeys, on: db) {
            throw TejidoError.conflict(messageKey: "error_reflection_twice")
        }
        let id = UUID()
        let row = ReflectionRecord()
        row.id = id
        row.collectiveID = collectiveID
        row.month = ReflectionSummary.month(of: now, calendar: .utc)
        row.sealed = try Sealing.seal(
            try JSONEncoder().encode(Sealed(side: side, reflection: reflection)), with: sealingKey, associatedData: context(id))
        let receipt = ReflectionReceiptRecord()
        receipt.receipt = Self.receipt(caseID: caseID, userID: userID, key: receiptKeys[0])
        do {
            try await db.transaction { db in
                try await receipt.create(on: db)
                try await row.create(on: db)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw TejidoError.conflict(messageKey: "error_reflection_twice")
        }
    }

    static func open(_ row: ReflectionRecord, keys: [SymmetricKey]) -> Sealed? {
        guard let id = row.id, let data = InstanceSealed.open(row.sealed, keys: keys, context: context(id)) else { return nil }
        return try? JSONDecoder().decode(Sealed.self, from: data)
    }

    /// The collective's reflections given in `months`, opened to be counted.
    static func answers(
        collectiveID: UUID, months: Set<String>, keys: [SymmetricKey], on db: any Database
    ) async throws -> [ReflectionSummary.Answer] {
        try await ReflectionRecord.query(on: db).filter(\.$collectiveID == collectiveID).filter(\.$month ~~ Array(months)).all()
            .compactMap { row in
                open(row, keys: keys).map { ReflectionSummary.Answer(month: row.month, side: $0.side, reflection: $0.reflection) }
            }
    }

    /// Seals every reflection again under the newest key, for `tejido keys rotate`. (Receipts are
    /// one-way and cannot be remade; they keep counting while the old key stays in the ring.)
    static func reseal(keys: [SymmetricKey], on db: any Database) async throws {
        for row in try await ReflectionRecord.query(on: db).all() {
            guard let id = row.id, let opened = open(row, keys: keys) else { continue }
            row.sealed = try Sealing.seal(try JSONEncoder().encode(opened), with: keys[0], associatedData: context(id))
            try await row.save(on: db)
        }
    }
}

extension TejidoServices {
    var reflectionKey: SymmetricKey { keys.current.current.derived(.reflections) }
    var reflectionKeys: [SymmetricKey] { keys.current.keys.map { $0.derived(.reflections) } }
    var reflectionReceiptKeys: [SymmetricKey] { keys.current.keys.map { $0.derived(.reflectionReceipts) } }
}
