import ArgumentParser
import Foundation
import TejidoCore
import TejidoWeb

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into TEJIDO_DATA_DIR's database, after checking it and the instance key it needs.")

    @ArgumentParser.OptionGroup var common: CommonOptions
    @ArgumentParser.Argument(help: "A file written by `tejido backup`.") var file: String
    @ArgumentParser.Option(name: .long, help: "The private key file that opens a sealed backup.") var key: String?
    @ArgumentParser.Flag(name: .long, help: "Replace an existing database. Stop the server first.") var replace = false

    func run() async throws {
        umask(0o077)
        let config = loadConfiguration(.init(environment: common.env))
        let report: RestoreReport
        do {
            report = try await DatabaseRestore.restore(file, into: config, keyFile: key, replace: replace)
        } catch let problem as BackupProblem {
            fail(problem.description)
        } catch let problem as InstanceKeyError {
            fail(problem.description)
        }
        let keys = report.instanceKeys.isEmpty ? "(none yet)" : report.instanceKeys.joined(separator: ", ")
        print(
            """
            Restored \(file)\(report.sealedTo.map { " (sealed to backup key \($0))" } ?? "") into \(report.path).
            Its cases open with instance key \(keys), which \(config.keyFilePath) holds. Start the server with `tejido serve`.
            Everyone signs in again: no session is ever restored. Anything else changed after the backup was made is as it
            was then, access that was ended since included (a person removed from a case, a consent revoked): check the
            cases where that happened.
            """)
    }
}
