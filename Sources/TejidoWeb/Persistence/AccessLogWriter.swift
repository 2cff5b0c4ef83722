import FluentKit
import Foundation
import SQLKit
import Vapor

/// A line of a case's access log as stored: sealed already (the server cannot read it back), with
/// the keyed pseudonyms a refusal is counted by.
struct AccessRow: Sendable {
    typealias Writer = GroupCommit<AccessRow>

    let id: UUID
    let caseID: UUID
    let body: Data
    let at: Date
    let refusedBy: String?
    let refusal: String?

    /// Writes `rows` in one statement.
    static func insert(_ rows: [AccessRow], on database: any Database) async throws {
        var insert = try database.sql().insert(into: CaseAccessRecord.schema)
            .columns("id", "case_id", "body", "at", "refused_by", "refusal")
        for row in rows {
            insert = insert.values(
                SQLBind(row.id), SQLBind(row.caseID), SQLBind(row.body), SQLBind(row.at), SQLBind(row.refusedBy),
                SQLBind(row.refusal))
        }
        try await insert.run()
    }

    /// Every request that opens a case writes a line, so lines are committed together: one
    /// statement and one commit for whatever waits (six values a row stays far below what one
    /// statement may bind).
    static func writer(
        for app: Application, committed: @escaping @Sendable (Int) -> Void = { _ in }
    ) -> GroupCommit<
        AccessRow
    > {
        let databases = app.databases
        let eventLoops = app.eventLoopGroup
        let logger = app.logger
        return GroupCommit(
            batchLimit: 500, oneStatement: true,
            database: { databases.database(logger: logger, on: eventLoops.any())! },
            committed: committed,
            commit: { rows, db in try await insert(rows, on: db) })
    }
}
