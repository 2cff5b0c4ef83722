import ArgumentParser
import Foundation
import TejidoCore
import TejidoWeb
import Vapor

struct BenchMatchingBoard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-matching-board",
        abstract:
            "Time the matching board's lookup and insert at growing numbers of records, beside a linear scan of as many entries (bench/matching.sh). Use an empty data folder."
    )

    @ArgumentParser.OptionGroup var common: CommonOptions
    @ArgumentParser.Option(name: .long, help: "Record counts, comma-separated.") var sizes: String = "1000,1000000,10000000"
    @ArgumentParser.Option(name: .long, help: "Lookups and inserts timed at each size.") var samples: Int = 1_000
    @ArgumentParser.Flag(name: .long, help: "Skip the linear scan beside each size.") var noScan = false

    func run() async throws {
        try await withPreparedApplication(env: common.env, failure: "The benchmark stopped") { app in
            try await app.benchMatchingBoard(
                sizes: sizes.split(separator: ",").compactMap { Int($0) }, samples: samples, scan: !noScan)
        }
    }
}
