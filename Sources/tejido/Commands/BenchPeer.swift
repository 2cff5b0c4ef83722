import ArgumentParser
import Foundation
import TejidoCore
import TejidoWeb
import Vapor

struct BenchPeer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-peer",
        abstract:
            "Time signed requests between instances: the signature check alone, and whole requests on loopback (bench/peer.sh).")

    @ArgumentParser.OptionGroup var common: CommonOptions
    @ArgumentParser.Option(name: .long, help: "How many whole requests.") var requests: Int = 2_000

    func run() async throws {
        try await withPreparedApplication(env: common.env, failure: "The benchmark stopped") { app in
            try await app.benchPeer(requests: requests)
        }
    }
}
