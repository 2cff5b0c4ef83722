import ArgumentParser
import Foundation
import TejidoCore
import TejidoWeb
import Vapor

struct BenchSeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-seed",
        abstract: "Fill an empty embedded database with synthetic sealed cases for benchmarks (bench/case_page.py).")

    @ArgumentParser.OptionGroup var common: CommonOptions
    @ArgumentParser.Option(name: .long, help: "How many cases.") var cases: Int = 100_000
    @ArgumentParser.Option(name: .long, help: "How many timeline entries in all.") var entries: Int = 1_000_000

    func run() async throws {
        try await withPreparedApplication(env: common.env, failure: "Seeding stopped") { app in
            let seed = try await app.benchSeed(cases: cases, entries: entries)
            return "case=\(seed.casePath)\nusername=\(seed.username)\npassphrase=\(seed.passphrase)"
        }
    }
}
