import FluentKit
import Logging
import NIOCore
import SQLKit

/// How busy the database's connection pool is. Neither Fluent nor its pool (AsyncKit's
/// `EventLoopConnectionPool`) tells how many connections are in use, so Tejido counts it where
/// every database call passes: each operation that takes a pooled connection — a query outside a
/// transaction, a whole transaction, work pinned to one connection — is counted while it runs,
/// waiting for a connection included, and timed. Queries inside a transaction run on its
/// connection and are not counted again. Both drivers keep one connection per event loop (per
/// core), so operations in flight above that number are waiting for one.
///
/// The wrapper is installed around the driver (`MeteredDatabase.configuration`) and answers to
/// `SQLDatabase` as the drivers' own databases do, so `as? any SQLDatabase` still finds SQL.
struct MeteredDatabase: Database, SQLDatabase {
    enum Operation: String, Sendable {
        case query, transaction, connection
    }

    let database: any Database
    let sql: any SQLDatabase
    let metrics: TejidoMetrics

    /// The configuration that makes every database of `configuration` metered.
    static func configuration(
        _ configuration: DatabaseConfigurationFactory, metrics: TejidoMetrics
    )
        -> DatabaseConfigurationFactory
    {
        DatabaseConfigurationFactory { Configuration(wrapped: configuration.make(), metrics: metrics) }
    }

    private func metered<T>(_ operation: Operation, _ run: () -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        let started = ContinuousClock.now
        let metrics = self.metrics
        metrics.databaseInFlight.increment()
        return run().always { _ in
            metrics.databaseInFlight.decrement()
            metrics.database(operation, took: .now - started)
        }
    }

    private func metered<T>(_ operation: Operation, _ run: () async throws -> T) async throws -> T {
        let started = ContinuousClock.now
        metrics.databaseInFlight.increment()
        defer {
            metrics.databaseInFlight.decrement()
            metrics.database(operation, took: .now - started)
        }
        return try await run()
    }

    // MARK: Database

    var context: DatabaseContext { database.context }
    var inTransaction: Bool { database.inTransaction }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        metered(.query) { database.execute(query: query, onOutput: onOutput) }
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
        metered(.query) { database.execute(schema: schema) }
    }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> {
        metered(.query) { database.execute(enum: `enum`) }
    }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        metered(.transaction) { database.transaction(closure) }
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        metered(.connection) { database.withConnection(closure) }
    }

    // MARK: SQLDatabase

    var dialect: any SQLDialect { sql.dialect }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var queryLogLevel: Logger.Level? { sql.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        metered(.query) { sql.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await metered(.query) { try await sql.execute(sql: query, onRow) }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await metered(.connection) { try await sql.withSession(closure) }
    }
}

extension MeteredDatabase {
    private struct Configuration: DatabaseConfiguration {
        var wrapped: any DatabaseConfiguration
        let metrics: TejidoMetrics

        var middleware: [any AnyModelMiddleware] {
            get { wrapped.middleware }
            set { wrapped.middleware = newValue }
        }

        func makeDriver(for databases: Databases) -> any DatabaseDriver {
            Driver(wrapped: wrapped.makeDriver(for: databases), metrics: metrics)
        }
    }

    private struct Driver: DatabaseDriver {
        let wrapped: any DatabaseDriver
        let metrics: TejidoMetrics

        func makeDatabase(with context: DatabaseContext) -> any Database {
            let database = wrapped.makeDatabase(with: context)
            // Every driver Tejido uses speaks SQL; one that did not would go unmetered rather than
            // pretend to.
            guard let sql = database as? any SQLDatabase else { return database }
            return MeteredDatabase(database: database, sql: sql, metrics: metrics)
        }

        func shutdown() { wrapped.shutdown() }
        func shutdownAsync() async { await wrapped.shutdownAsync() }
    }
}
