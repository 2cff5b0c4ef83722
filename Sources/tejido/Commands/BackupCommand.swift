import ArgumentParser
import Foundation
import TejidoCore
import TejidoWeb
import Vapor

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the embedded database while the server runs, never with the key.",
        subcommands: [Copy.self, Keygen.self], defaultSubcommand: Copy.self)

    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy",
            abstract:
                "Write a consistent copy of the database to FILE (mode 600; never overwrites). `tejido backup FILE` for short.")

        @ArgumentParser.OptionGroup var common: CommonOptions
        @ArgumentParser.Argument(help: "Where to write the copy. Must not exist.") var file: String
        @ArgumentParser.Option(
            name: .customLong("to"), help: "A public key file from `tejido backup keygen`: seal the copy to it.")
        var publicKeyFile: String?

        func run() async throws {
            let config = loadConfiguration(.init(environment: common.env))
            if let problem = Application.backupRefusal(config, file: file) { fail(problem.description) }
            let recipient = try publicKeyFile.map { path in
                do { return try BackupKeys.readPublic(path: path) } catch let problem as BackupProblem {
                    fail(problem.description)
                }
            }
            let (app, _) = try await makeApplication(.init(environment: common.env))
            let report: BackupReport
            do {
                report = try await app.backUp(to: file, sealedTo: recipient)
            } catch {
                let message = (error as? BackupProblem)?.description ?? app.explain(error)
                try? await app.asyncShutdown()
                fail("No backup was made: \(message)")
            }
            try await app.asyncShutdown()
            let keys = report.instanceKeys.isEmpty ? "(none yet)" : report.instanceKeys.joined(separator: ", ")
            print(
                """
                Wrote \(report.path) (\(report.bytes) bytes)\(report.sealedTo.map { ", sealed to backup key \($0)" } ?? "").
                It holds no key: restoring it needs a key file holding instance key \(keys). Back that file up apart.
                """)
        }
    }

    struct Keygen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a key pair for sealed backups: the public half for the server, the private half kept off it.")

        @ArgumentParser.Option(name: .customLong("public-out"), help: "Where to write the public key. Must not exist.")
        var publicOut: String
        @ArgumentParser.Option(
            name: .customLong("private-out"), help: "Where to write the private key (mode 600). Must not exist.")
        var privateOut: String

        func run() async throws {
            let id: String
            do {
                id = try BackupKeys.create(publicPath: publicOut, privatePath: privateOut)
            } catch let problem as BackupProblem {
                fail(problem.description)
            }
            print(
                """
                Made backup key \(id).
                \(publicOut): the public half. Give it to the server: `tejido backup FILE --to \(publicOut)`.
                \(privateOut) (mode 600): the private half, the only thing that opens those backups. Move it off the
                server, keep a copy apart from the backups, and give it to `tejido restore FILE --key` when restoring.
                """)
        }
    }
}
