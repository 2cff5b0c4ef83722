import ArgumentParser
import Foundation
import TejidoCore
import TejidoWeb
import Vapor

struct DirectoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directory", abstract: "Export or import a collective's directory.", subcommands: [Export.self, Import.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every entry of the directory to standard output.")

        @ArgumentParser.OptionGroup var common: CommonOptions
        @ArgumentParser.Option(name: .long, help: "The collective's address (the part after /c/).")
        var collective: String
        @ArgumentParser.Option(name: .long, help: "csv or json.")
        var format: String = "csv"

        func run() async throws {
            try await withPreparedApplication(env: common.env, failure: "Could not export the directory") { app in
                let text = try await app.exportDirectory(slug: collective, format: format)
                return text.hasSuffix("\n") ? String(text.dropLast()) : text
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add the entries of a CSV or JSON file. Rejected rows are reported on standard error (exit status 2).")

        @ArgumentParser.OptionGroup var common: CommonOptions
        @ArgumentParser.Option(name: .long, help: "The collective's address (the part after /c/).")
        var collective: String
        @ArgumentParser.Argument(help: "The file: CSV, or JSON as made by export.")
        var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { fail("Cannot read \(file).") }
            var rejected = ""
            try await withPreparedApplication(env: common.env, failure: "The file was not imported; nothing changed") { app in
                let result = try await app.importDirectory(slug: collective, data: data)
                rejected = result.report
                let skipped = result.skipped == 0 ? "" : " Skipped \(result.skipped) already in the directory."
                return "Imported \(result.imported) entr\(result.imported == 1 ? "y" : "ies").\(skipped)"
            }
            if !rejected.isEmpty {
                FileHandle.standardError.write(Data(("Rejected rows (not imported):\n" + rejected + "\n").utf8))
                throw ExitCode(2)
            }
        }
    }
}
