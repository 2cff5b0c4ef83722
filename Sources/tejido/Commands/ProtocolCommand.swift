import ArgumentParser
import Foundation
import TejidoCore
import TejidoWeb
import Vapor

struct ProtocolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protocol", abstract: "Export or import a collective's protocol.", subcommands: [Export.self, Import.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the protocol in force (or the latest draft before any adoption) to standard output.")

        @ArgumentParser.OptionGroup var common: CommonOptions
        @ArgumentParser.Option(name: .long, help: "The collective's address (the part after /c/).")
        var collective: String
        @ArgumentParser.Option(name: .long, help: "json (the shareable file format) or markdown.")
        var format: String = "json"
        @ArgumentParser.Option(name: .long, help: "en or es: only this language (default: every language kept).")
        var language: String?
        @ArgumentParser.Option(name: .long, help: "A version number instead of the one in force.")
        var version: Int?

        func run() async throws {
            try await withPreparedApplication(env: common.env, failure: "Could not export the protocol") { app in
                try await app.exportProtocol(slug: collective, format: format, language: language, number: version)
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Save a shared protocol file as the collective's new draft version. Nothing is saved if it has problems.")

        @ArgumentParser.OptionGroup var common: CommonOptions
        @ArgumentParser.Option(name: .long, help: "The collective's address (the part after /c/).")
        var collective: String
        @ArgumentParser.Argument(help: "The protocol file (JSON, as made by export).")
        var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { fail("Cannot read \(file).") }
            try await withPreparedApplication(env: common.env, failure: "The file was not imported; nothing changed") { app in
                let number = try await app.importProtocol(slug: collective, data: data)
                return "Saved as draft version \(number). Review it in the browser, then put it to the collective."
            }
        }
    }
}
