import ArgumentParser
import Foundation
import TejidoCore
import TejidoWeb
import Vapor

struct CollectiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collective", abstract: "Manage the collectives this instance hosts.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create another collective, with an existing account (or a new one) as its admin.")

        @ArgumentParser.OptionGroup var common: CommonOptions
        @ArgumentParser.Option(name: .long, help: "The collective's name.")
        var name: String
        @ArgumentParser.Option(name: .long, help: "Username of its first admin.")
        var admin: String
        @ArgumentParser.Option(
            name: .customLong("passphrase-file"), help: "Only when the admin account does not exist yet: its passphrase.")
        var passphraseFile: String?
        @ArgumentParser.Option(name: .long, help: "How its protocol draft starts: template (default) or empty.")
        var `protocol`: String = "template"

        func run() async throws {
            let passphrase = passphraseFile.map(readPassphrase)
            try await withPreparedApplication(env: common.env, failure: "Could not create the collective") { app in
                let slug = try await app.createCollective(name: name, admin: admin, passphrase: passphrase, protocol: `protocol`)
                return "Created the collective at /c/\(slug), with \(admin) as its admin."
            }
        }
    }
}
