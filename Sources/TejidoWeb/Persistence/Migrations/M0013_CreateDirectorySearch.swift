import Fluent
import SQLKit

/// Full-text search for the directory, in each database's own way: an FTS5 table kept in step by
/// triggers on SQLite; GIN indexes over `to_tsvector` on PostgreSQL. The text indexed is already
/// folded (no accents, lower case), and so is every query.
struct M0013_CreateDirectorySearch: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let statements: [String]
        if sql.dialect.name == "sqlite" {
            statements = [
                // Prefix indexes for two- and three-letter beginnings, so a short word is not a scan.
                "CREATE VIRTUAL TABLE directory_search USING fts5(body, place, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
                """
                CREATE TRIGGER directory_search_insert AFTER INSERT ON directory_entries BEGIN
                INSERT INTO directory_search(rowid, body, place) VALUES (new.search_key, new.search_text, new.place_text); END
                """,
                """
                CREATE TRIGGER directory_search_delete AFTER DELETE ON directory_entries BEGIN
                DELETE FROM directory_search WHERE rowid = old.search_key; END
                """,
                """
                CREATE TRIGGER directory_search_update AFTER UPDATE ON directory_entries BEGIN
                DELETE FROM directory_search WHERE rowid = old.search_key;
                INSERT INTO directory_search(rowid, body, place) VALUES (new.search_key, new.search_text, new.place_text); END
                """,
            ]
        } else {
            statements = [
                "CREATE INDEX directory_search_body ON directory_entries USING gin (to_tsvector('simple', search_text))",
                "CREATE INDEX directory_search_place ON directory_entries USING gin (to_tsvector('simple', place_text))",
            ]
        }
        for statement in statements + [
            "CREATE INDEX directory_entries_by_name ON directory_entries (collective_id, sort_name)",
            "CREATE INDEX directory_entries_public_by_name ON directory_entries (collective_id, is_public, sort_name)",
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        var statements = [
            "DROP INDEX IF EXISTS directory_entries_by_name", "DROP INDEX IF EXISTS directory_entries_public_by_name",
        ]
        if sql.dialect.name == "sqlite" {
            statements += [
                "DROP TRIGGER IF EXISTS directory_search_insert", "DROP TRIGGER IF EXISTS directory_search_delete",
                "DROP TRIGGER IF EXISTS directory_search_update", "DROP TABLE IF EXISTS directory_search",
            ]
        } else {
            statements += ["DROP INDEX IF EXISTS directory_search_body", "DROP INDEX IF EXISTS directory_search_place"]
        }
        for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
    }
}
