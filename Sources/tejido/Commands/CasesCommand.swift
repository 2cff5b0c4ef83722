import ArgumentParser
import Foundation
import TejidoCore
import TejidoWeb
import Vapor

struct CasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases", abstract: "Case housekeeping.", subcommands: [Purge.self])

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete closed and withdrawn cases past their collective's retention now (the server does it hourly).")

        @ArgumentParser.OptionGroup var common: CommonOptions

        func run() async throws {
            try await withPreparedApplication(env: common.env, failure: "Retention did not run") { app in
                "Deleted \(try await app.deleteExpiredCases()) ended case(s)."
            }
        }
    }
}
