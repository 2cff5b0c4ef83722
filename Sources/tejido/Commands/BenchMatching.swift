import ArgumentParser
import Foundation
import TejidoCore

struct BenchMatching: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-matching",
        abstract:
            "Time repeat-harm matching's cryptography: VOPRF blind, evaluate and finalize, a tag through two key holders, and a linear scan for comparison (bench/matching.sh)."
    )

    @ArgumentParser.Option(name: .long, help: "How many samples of each step.") var samples: Int = 1_000
    @ArgumentParser.Option(name: .long, help: "Entry counts for the linear scan, comma-separated.")
    var scan: String = "1000,100000,1000000"

    func run() async throws {
        print("VOPRF(P-384, SHA-384), \(samples) samples each, microseconds:")
        for figure in try MatchingBenchmark.steps(samples: samples) {
            print(String(format: "  %@: p50 %.1f µs, p99 %.1f µs", figure.label, figure.p50, figure.p99))
        }
        let entry = try await MatchingBenchmark.entry(samples: max(samples / 10, 10))
        print(String(format: "  %@: p50 %.1f ms, p99 %.1f ms", entry.label, entry.p50, entry.p99))
        print("Decrypting every stored entry to compare (a linear scan), one identifier:")
        for count in scan.split(separator: ",").compactMap({ Int($0) }) {
            print(String(format: "  %d entries: %.1f ms", count, try MatchingBenchmark.linearScan(entries: count)))
        }
        print("The board's lookup and insert: tejido bench-matching-board; an entry over loopback: bench/matching.sh.")
    }
}
