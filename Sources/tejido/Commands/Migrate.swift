import ArgumentParser
import Foundation
import TejidoCore
import TejidoWeb
import Vapor

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations (needed for PostgreSQL).")

    @ArgumentParser.OptionGroup var common: CommonOptions

    func run() async throws {
        let (app, _) = try await makeApplication(.init(environment: common.env))
        let pending = try await app.pendingMigrations()
        try await quietlyMigrate(app)
        print(pending == 0 ? "The database is up to date." : "Applied \(pending) migration(s).")
        try await app.asyncShutdown()
    }
}
