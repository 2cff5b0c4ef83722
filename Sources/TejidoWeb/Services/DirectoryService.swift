import Fluent
import Foundation
import TejidoCore

/// Changing a collective's directory: entries one by one, whole imports, the starter set.
struct DirectoryService {
    let database: any Database
    let now: Date

    func create(_ entry: DirectoryEntry, in collectiveID: UUID) async throws -> DirectoryEntryRecord {
        try DirectoryValidator.problems(in: entry, now: now).throwIfAny()
        let record = DirectoryEntryRecord(collectiveID: collectiveID, entry: entry, now: now)
        try await record.create(on: database)
        return record
    }

    func update(_ record: DirectoryEntryRecord, to entry: DirectoryEntry) async throws {
        try DirectoryValidator.problems(in: entry, now: now).throwIfAny()
        record.update(from: entry, now: now)
        try await record.save(on: database)
        try await sharedChanged(record)
    }

    /// Someone checked the details today.
    func markVerified(_ record: DirectoryEntryRecord, by name: String) async throws {
        var entry = record.entry
        entry.lastVerified = now
        entry.verifiedBy = name
        record.update(from: entry, now: now)
        try await record.save(on: database)
        try await sharedChanged(record)
    }

    func delete(_ record: DirectoryEntryRecord) async throws {
        let id = try record.requireID()
        let wasShared = try await PeerDirectory(database: database).isShared(id)
        try await DirectoryShareRecord.query(on: database).filter(\.$id == id).delete()
        try await record.delete(on: database)
        if wasShared {
            try await SharedData.enqueue(.directory, collectiveID: record.$collective.id, on: database, now: now)
        }
    }

    /// A shared entry changed: the connections that receive our directory get it again.
    private func sharedChanged(_ record: DirectoryEntryRecord) async throws {
        guard try await PeerDirectory(database: database).isShared(record.requireID()) else { return }
        try await SharedData.enqueue(.directory, collectiveID: record.$collective.id, on: database, now: now)
    }

    /// Saves the accepted entries of an import in one transaction, in batches: all of them, or
    /// (on any failure) none. Entries already in the directory (same kind, name and town) are
    /// skipped; the number skipped is returned.
    @discardableResult
    func save(_ incoming: [DirectoryEntry], in collectiveID: UUID, on db: (any Database)? = nil) async throws -> Int {
        var seen = Set(
            try await DirectoryEntryRecord.query(on: db ?? database).filter(\.$collective.$id == collectiveID).all()
                .map(\.entry.sameness))
        let entries = incoming.filter { seen.insert($0.sameness).inserted }
        let run: @Sendable (any Database) async throws -> Void = { [now] db in
            for start in stride(from: 0, to: entries.count, by: 500) {
                let batch = entries[start..<min(start + 500, entries.count)].map {
                    DirectoryEntryRecord(collectiveID: collectiveID, entry: $0, now: now)
                }
                try await batch.create(on: db)
            }
        }
        if let db { try await run(db) } else { try await database.transaction(run) }
        return incoming.count - entries.count
    }
}
