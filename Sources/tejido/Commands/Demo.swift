import ArgumentParser
import Foundation
import TejidoCore
import TejidoWeb
import Vapor

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a demo collective with fictional cases in every stage. Refuses a data folder that holds collectives.")

    @ArgumentParser.OptionGroup var common: CommonOptions

    func run() async throws {
        try await withPreparedApplication(env: common.env, failure: "No demo data was made") { app in
            let demo = try await app.makeDemo()
            return """
                Demo collective at /c/\(demo.slug). Every account's passphrase is: \(demo.passphrase)
                Accounts: \(demo.usernames.joined(separator: ", ")) (demo-cora is on the care team; demo-ana is the admin
                and, like any admin, sees no case she was not added to).
                """
        }
    }
}
