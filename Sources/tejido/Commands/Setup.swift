import ArgumentParser
import Foundation
import TejidoCore
import TejidoWeb
import Vapor

struct Setup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the first collective and its first admin (only while no collective exists).")

    @ArgumentParser.OptionGroup var common: CommonOptions
    @ArgumentParser.Option(name: .long, help: "The collective's name.")
    var collective: String
    @ArgumentParser.Option(name: .long, help: "The first admin's username (pseudonymous is fine).")
    var admin: String
    @ArgumentParser.Option(
        name: .customLong("passphrase-file"),
        help: "A file holding the admin's passphrase (kept off the command line and shell history).")
    var passphraseFile: String

    func run() async throws {
        let passphrase = readPassphrase(passphraseFile)
        try await withPreparedApplication(env: common.env, failure: "Setup failed") { app in
            let slug = try await app.runSetup(collective: collective, admin: admin, passphrase: passphrase)
            return """
                Created the collective at /c/\(slug). Its admin can now sign in at /login.
                Back up the instance key \(app.instanceKeyPath) now, somewhere other than your database backups:
                without it, encrypted content cannot be read.
                """
        }
    }
}
