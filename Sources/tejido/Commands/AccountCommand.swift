import ArgumentParser
import Foundation
import TejidoCore
import TejidoWeb
import Vapor

struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account", abstract: "Help someone back into their account.", subcommands: [ResetPassphrase.self])

    struct ResetPassphrase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-passphrase",
            abstract: "Give an account a new passphrase, for someone who forgot theirs and has no recovery code.",
            discussion: """
                Nobody can open the person's own key without their old passphrase or recovery code, so this \
                gives them a new key: their cases stay closed to them until someone in each case gives \
                their access back, and a case only they could open stays closed. Every session of theirs ends.
                """)

        @ArgumentParser.OptionGroup var common: CommonOptions
        @ArgumentParser.Argument(help: "The account's username.")
        var username: String
        @ArgumentParser.Option(
            name: .customLong("passphrase-file"),
            help: "A file holding the new passphrase (kept off the command line). Without it, one is made and printed.")
        var passphraseFile: String?

        func run() async throws {
            let chosen = passphraseFile.map(readPassphrase)
            try await withPreparedApplication(env: common.env, failure: "The passphrase was not changed") { app in
                let passphrase = try await app.resetPassphrase(username: username, to: chosen)
                return """
                    \(username) has a new passphrase\(chosen == nil ? ": \(passphrase)" : ".")
                    Give it to them in person; they should change it under Your account. Their cases open again
                    once someone in each gives their access back from the case page.
                    """
            }
        }
    }
}
