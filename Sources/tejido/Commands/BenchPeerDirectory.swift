import ArgumentParser
import Foundation
import TejidoCore
import TejidoWeb
import Vapor

struct BenchPeerDirectory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-peer-directory",
        abstract:
            "Time a peer's directory of shared entries synchronised: built, sent signed on loopback, checked and applied (bench/peer.sh)."
    )

    @ArgumentParser.OptionGroup var common: CommonOptions
    @ArgumentParser.Option(name: .long, help: "How many shared entries.") var entries: Int = 10_000

    func run() async throws {
        try await withPreparedApplication(env: common.env, failure: "The benchmark stopped") { app in
            try await app.benchPeerDirectory(entries: entries)
        }
    }
}
