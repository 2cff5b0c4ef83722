import ArgumentParser
import Foundation
import TejidoCore
import TejidoWeb
import Vapor

@main
struct Tejido: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tejido",
        abstract: "Tejido: a collective's own way to respond to harm, without the police.",
        subcommands: [
            Serve.self, Migrate.self, Setup.self, CollectiveCommand.self, ProtocolCommand.self, DirectoryCommand.self,
            Keygen.self, KeysCommand.self, BackupCommand.self, RestoreCommand.self, CasesCommand.self, AccountCommand.self,
            Demo.self,
            BenchSeed.self,
            BenchPeer.self,
            BenchMatching.self,
            BenchMatchingBoard.self,
            BenchPeerDirectory.self,
        ])
}

/// Options every command shares.
struct CommonOptions: ParsableArguments {
    @ArgumentParser.Option(name: .long, help: "development or production (overrides TEJIDO_ENV).")
    var env: String?
}
