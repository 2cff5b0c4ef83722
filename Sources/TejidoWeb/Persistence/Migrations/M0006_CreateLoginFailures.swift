import Fluent

struct M0006_CreateLoginFailures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("login_failures")
            .id()
            .field("subject", .string, .required)
            .field("failures", .int, .required)
            .field("last_failure_at", .datetime, .required)
            .unique(on: "subject")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("login_failures").delete()
    }
}
