import Fluent
import Foundation
import TejidoCore

/// `directory`: every entry we marked shared, as one snapshot; theirs replace, in one
/// transaction, whatever we held from that connection.
struct DirectoryShareHandler: PeerMessageHandler {
    let kind = PeerMessageKind.directory
    /// 20,000 entries of about 600 bytes each, with room to spare.
    var bodyLimit: Int { 24 * 1024 * 1024 }

    func message(subject: String, for connection: PeerConnection, in env: PeerEnvironment) async throws -> Data? {
        if let withdrawal = SharedData.isWithdrawal(subject, .directory, connection) {
            return withdrawal ? try JSONEncoder().encode(DirectoryShare(entries: [])) : nil
        }
        let entries = try await PeerDirectory(database: env.database).shared(in: connection.collectiveID)
        return try JSONEncoder().encode(
            DirectoryShare(entries: try entries.map { SharedDirectoryEntry(id: try $0.requireID(), entry: $0.entry) }))
    }

    func receive(_ body: Data, on connection: PeerConnection, in env: PeerEnvironment) async throws -> Data {
        let share = try StrictJSON.decode(DirectoryShare.self, from: body)
        let entries = try share.checked(now: env.now)
        try await PeerDirectory(database: env.database).replace(
            connection: connection.id, collectiveID: connection.collectiveID, with: entries, now: env.now)
        return try acknowledged()
    }

    func opened(_ connection: PeerConnection, in env: PeerEnvironment) async throws {
        // What this side no longer takes is forgotten, as at the end.
        if !connection.accepts.contains(.directory) { try await ended(connection, in: env) }
        try await SharedData.opened(kind, connection, in: env)
    }

    func ended(_ connection: PeerConnection, in env: PeerEnvironment) async throws {
        try await PeerDirectoryEntryRecord.query(on: env.database).filter(\.$connectionID == connection.id).delete()
    }
}

/// Our shared entries, and the entries connected collectives shared with us.
struct PeerDirectory {
    let database: any Database

    /// Our entries marked shared, by name.
    func shared(in collectiveID: UUID) async throws -> [DirectoryEntryRecord] {
        try await DirectoryEntryRecord.query(on: database)
            .join(DirectoryShareRecord.self, on: \DirectoryEntryRecord.$id == \DirectoryShareRecord.$id)
            .filter(DirectoryShareRecord.self, \.$collectiveID == collectiveID)
            .filter(\.$collective.$id == collectiveID).sort(\.$sortName).all()
    }

    func isShared(_ entryID: UUID) async throws -> Bool {
        try await DirectoryShareRecord.find(entryID, on: database) != nil
    }

    /// Marks an entry of ours shared or not, and tells the connections that receive our directory.
    func setShared(_ record: DirectoryEntryRecord, _ shared: Bool, now: Date) async throws {
        let id = try record.requireID()
        let collectiveID = record.$collective.id
        try await database.transaction { db in
            if shared {
                guard try await DirectoryShareRecord.find(id, on: db) == nil else { return }
                let share = DirectoryShareRecord()
                share.id = id
                share.collectiveID = collectiveID
                share.sharedAt = now
                try await share.create(on: db)
            } else {
                try await DirectoryShareRecord.query(on: db).filter(\.$id == id).delete()
            }
            try await SharedData.enqueue(.directory, collectiveID: collectiveID, on: db, now: now)
        }
    }

    /// What a connection shared, all at once in place of what it shared before.
    func replace(
        connection: UUID, collectiveID: UUID, with entries: [(source: UUID, entry: DirectoryEntry)], now: Date
    ) async throws {
        let records = try entries.map { source, entry in
            let record = PeerDirectoryEntryRecord()
            record.id = SharedData.stableID(connection, "directory:\(source.uuidString.lowercased())")
            record.collectiveID = collectiveID
            record.connectionID = connection
            record.sourceID = source
            record.entry = String(
                decoding: try JSONEncoder().encode(SharedDirectoryEntry(id: source, entry: entry)), as: UTF8.self)
            record.kind = entry.kind.rawValue
            record.languages = entry.languages.isEmpty ? "" : "," + entry.languages.joined(separator: ",") + ","
            record.mayInvolvePolice = entry.safety.mayInvolvePolice.rawValue
            record.asksImmigrationStatus = entry.safety.asksImmigrationStatus.rawValue
            // A leading space, so a word's start is " word" in a LIKE pattern.
            record.searchText = " " + entry.searchText
            record.placeText = " " + entry.placeText
            record.sortName = SearchText.fold(entry.name)
            record.lastChecked = entry.lastVerified
            record.receivedAt = now
            return record
        }
        try await database.transaction { db in
            try await PeerDirectoryEntryRecord.query(on: db).filter(\.$connectionID == connection).delete()
            for start in stride(from: 0, to: records.count, by: 500) {
                try await Array(records[start..<min(start + 500, records.count)]).create(on: db)
            }
        }
    }

    /// Entries connected collectives shared with `collectiveID` that match `search`, by name.
    /// Connected collectives' directories are a few thousand entries at most: the folded text is
    /// matched with LIKE, word starts only.
    func search(_ search: DirectorySearch, in collectiveID: UUID, limit: Int) async throws -> [PeerDirectoryEntryRecord] {
        var query = PeerDirectoryEntryRecord.query(on: database).filter(\.$collectiveID == collectiveID)
        for word in search.words { query = query.filter(\.$searchText ~~ (" " + word)) }
        for word in search.regionWords { query = query.filter(\.$placeText ~~ (" " + word)) }
        if let kind = search.kind { query = query.filter(\.$kind == kind.rawValue) }
        if let language = search.language { query = query.filter(\.$languages ~~ ",\(language),") }
        if search.noPolice { query = query.filter(\.$mayInvolvePolice == SafetyAnswer.no.rawValue) }
        if search.noImmigrationQuestions { query = query.filter(\.$asksImmigrationStatus == SafetyAnswer.no.rawValue) }
        return try await query.sort(\.$sortName).sort(\.$id).limit(limit).all()
    }

    func find(_ id: UUID, in collectiveID: UUID) async throws -> PeerDirectoryEntryRecord? {
        try await PeerDirectoryEntryRecord.query(on: database).filter(\.$id == id).filter(\.$collectiveID == collectiveID).first()
    }
}

extension PeerDirectoryEntryRecord {
    /// The entry as it was checked on arrival.
    var shared: DirectoryEntry? {
        (try? JSONDecoder().decode(SharedDirectoryEntry.self, from: Data(entry.utf8)))
            .flatMap { try? $0.entry(now: .distantFuture) }
    }
}
