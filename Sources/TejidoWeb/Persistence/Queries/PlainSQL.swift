import Fluent
import SQLKit
import Vapor

/// Both supported databases speak SQL. The busiest reads (every page's session, the case page)
/// are written as plain SQL, skipping the model layer's per-row reflection.
extension Database {
    func sql() throws -> any SQLDatabase {
        guard let sql = self as? any SQLDatabase else { throw Abort(.internalServerError, reason: "database without SQL") }
        return sql
    }
}

extension Request {
    var sql: any SQLDatabase { get throws { try db.sql() } }
}
