import Fluent
import Foundation
import SQLKit
import TejidoCore

/// Finding directory entries. Scoped by a set of collectives, so a later network of collectives
/// can search peers' shared entries with the same code; text goes through each database's
/// full-text index, never a scan.
struct DirectoryQueries {
    let database: any Database

    enum Audience {
        /// Everything in the collectives searched (their own members).
        case members
        /// Only entries the collectives published.
        case everyone
    }

    struct Page {
        let entries: [DirectoryEntryRecord]
        let hasMore: Bool
    }

    func search(_ search: DirectorySearch, in collectives: [UUID], audience: Audience) async throws -> Page {
        guard !collectives.isEmpty, let sql = database as? any SQLDatabase else { return Page(entries: [], hasMore: false) }
        let limit = DirectorySearch.pageSize + 1
        let sqlite = sql.dialect.name == "sqlite"
        let fts = sqlite ? search.ftsQuery(collectives: collectives, publicOnly: audience == .everyone) : nil
        var query = SQLQueryString("SELECT e.id FROM ")
        if let fts {
            // The index narrows to this scope and these filters; ranking looks at a bounded window.
            query.appendLiteral("(SELECT rowid AS key, rank FROM directory_search WHERE directory_search MATCH ")
            query.appendInterpolation(bind: fts)
            // CROSS JOIN: SQLite keeps this order, so the index's answer drives the join rather than
            // a walk over every entry of the collective probing the index one by one.
            query.appendInterpolation(
                unsafeRaw: " LIMIT \(search.rankingWindow)) s CROSS JOIN directory_entries e ON e.search_key = s.key")
        } else {
            query.appendLiteral("directory_entries e")
        }
        query.appendLiteral(" WHERE e.collective_id IN (")
        for (index, id) in collectives.enumerated() {
            if index > 0 { query.appendLiteral(", ") }
            query.appendInterpolation(bind: id)
        }
        query.appendLiteral(")")
        if audience == .everyone { query.appendInterpolation(unsafeRaw: " AND e.is_public = \(sqlite ? "1" : "true")") }
        if let kind = search.kind {
            query.appendLiteral(" AND e.kind = ")
            query.appendInterpolation(bind: kind.rawValue)
        }
        if let language = search.language {
            query.appendLiteral(" AND e.languages LIKE ")
            query.appendInterpolation(bind: "%,\(language),%")
        }
        if search.noPolice { query.appendLiteral(" AND e.may_involve_police = 'no'") }
        if search.noImmigrationQuestions { query.appendLiteral(" AND e.asks_immigration_status = 'no'") }
        if sqlite {
            if fts != nil {
                query.appendLiteral(" ORDER BY s.rank, e.sort_name, e.id")
            } else {
                query.appendLiteral(" ORDER BY e.sort_name, e.id")
            }
        } else {
            if let text = search.textTSQuery {
                query.appendLiteral(" AND to_tsvector('simple', e.search_text) @@ to_tsquery('simple', ")
                query.appendInterpolation(bind: text)
                query.appendLiteral(")")
            }
            if let region = search.regionTSQuery {
                query.appendLiteral(" AND to_tsvector('simple', e.place_text) @@ to_tsquery('simple', ")
                query.appendInterpolation(bind: region)
                query.appendLiteral(")")
            }
            if let text = search.textTSQuery {
                query.appendLiteral(" ORDER BY ts_rank(to_tsvector('simple', e.search_text), to_tsquery('simple', ")
                query.appendInterpolation(bind: text)
                query.appendLiteral(")) DESC, e.sort_name, e.id")
            } else {
                query.appendLiteral(" ORDER BY e.sort_name, e.id")
            }
        }
        query.appendInterpolation(unsafeRaw: " LIMIT \(limit) OFFSET \(search.offset)")
        let ids = try await sql.raw(query).all().map { try $0.decode(column: "id", as: UUID.self) }
        let records = try await DirectoryEntryRecord.query(on: database).filter(\.$id ~~ ids).all()
        let byID = Dictionary(records.compactMap { record in record.id.map { ($0, record) } }, uniquingKeysWith: { a, _ in a })
        let ordered = ids.compactMap { byID[$0] }
        return Page(
            entries: Array(ordered.prefix(DirectorySearch.pageSize)),
            hasMore: ordered.count > DirectorySearch.pageSize && search.page < DirectorySearch.lastPage)
    }

    func find(_ id: UUID, in collectiveID: UUID) async throws -> DirectoryEntryRecord? {
        try await DirectoryEntryRecord.query(on: database).filter(\.$collective.$id == collectiveID).filter(\.$id == id).first()
    }

    /// Entries of `kinds`, by id and name, to pick from in a case's forms.
    func choices(in collectiveID: UUID, kinds: Set<ResourceKind>) async throws -> [(id: UUID, name: String)] {
        let raw = Set(kinds.map(\.rawValue))
        return try await all(in: collectiveID).filter { raw.contains($0.kind) }
            .compactMap { entry in entry.id.map { ($0, entry.name) } }
    }

    func all(in collectiveID: UUID) async throws -> [DirectoryEntryRecord] {
        try await DirectoryEntryRecord.query(on: database).filter(\.$collective.$id == collectiveID).sort(\.$sortName).all()
    }

    /// Published crisis contacts of the given collectives, crisis teams before crisis lines.
    /// The language codes the entries of `collectives` use, for the language filter.
    func languages(in collectives: [UUID], audience: Audience) async throws -> [String] {
        guard !collectives.isEmpty else { return [] }
        var query = DirectoryEntryRecord.query(on: database).filter(\.$collective.$id ~~ collectives)
        if audience == .everyone { query = query.filter(\.$isPublic == true) }
        let stored = try await query.unique().all(\.$languages)
        return Array(Set(stored.flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty })).sorted()
    }

    func crisisContacts(in collectives: [UUID]) async throws -> [DirectoryEntryRecord] {
        guard !collectives.isEmpty else { return [] }
        let records = try await DirectoryEntryRecord.query(on: database)
            .filter(\.$collective.$id ~~ collectives).filter(\.$isPublic == true)
            .filter(\.$kind ~~ ResourceKind.crisis.map(\.rawValue))
            // "crisis_team" sorts after "crisis_line": descending puts teams first, as the help page wants.
            .sort(\.$kind, .descending).sort(\.$sortName).limit(50).all()
        return records
    }
}
