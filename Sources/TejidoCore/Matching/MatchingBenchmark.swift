@preconcurrency import Crypto
import Foundation
@preconcurrency import _CryptoExtras

/// What the matching cryptography costs on this machine (bench/matching.sh): each VOPRF step, a
/// whole tag through two key holders in one process, and — for comparison — the linear scan a
/// design that decrypts every stored entry to compare would need at the same sizes.
public enum MatchingBenchmark {
    public struct Figures: Sendable {
        public let label: String
        public let p50: Double
        public let p99: Double
    }

    public static func percentiles(_ label: String, _ samples: [Double]) -> Figures {
        let sorted = samples.sorted()
        func at(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * q))] }
        return Figures(label: label, p50: at(0.5), p99: at(0.99))
    }

    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000
    }

    /// Microseconds per step, `samples` times each.
    public static func steps(samples: Int) throws -> [Figures] {
        let key = P384._VOPRF.PrivateKey()
        let second = P384._VOPRF.PrivateKey()
        let input = Data("tejido-match-v1|email:ramon.perez@example.org".utf8)
        var blind: [Double] = [], evaluate: [Double] = [], finalize: [Double] = [], cascade: [Double] = []
        for _ in 0..<samples {
            var blinded: P384._VOPRF.BlindedInput?
            blind.append(try time { blinded = try key.publicKey.blind(input) })
            var evaluation: P384._VOPRF.BlindEvaluation?
            evaluate.append(try time { evaluation = try key.evaluate(blinded!.blindedElement) })
            finalize.append(try time { _ = try key.publicKey.finalize(blinded!, using: evaluation!) })
            cascade.append(
                try time {
                    var value = input
                    for holder in [key, second] {
                        let b = try holder.publicKey.blind(value)
                        let answer = try MatchingCascade.evaluate(b.blindedElement.oprfRepresentation, with: holder)
                        value = try holder.publicKey.finalize(b, using: P384._VOPRF.BlindEvaluation(rawRepresentation: answer))
                    }
                    _ = MatchingCascade.tag(fromOutput: value, circle: UUID())
                })
        }
        return [
            percentiles("blind", blind), percentiles("evaluate (key holder)", evaluate), percentiles("finalize", finalize),
            percentiles("one identifier through two key holders, in one process", cascade),
        ]
    }

    /// Milliseconds for an entry of four identifiers through two key holders, one batch per key
    /// holder, each batch evaluated and unblinded on every core, in one process (no network): the
    /// cryptography's share of the 50 ms for an entry.
    public static func entry(samples: Int) async throws -> Figures {
        let keys = [P384._VOPRF.PrivateKey(), P384._VOPRF.PrivateKey()]
        let publicKeys = keys.map(\.publicKey)
        let texts = ["email:a@example.org", "phone:+525512345678", "handle:instagram:a", "name:a b:1990"]
        var times: [Double] = []
        for _ in 0..<samples {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try await MatchingCascade.tags(
                for: texts, circle: UUID(), holders: publicKeys,
                evaluateAll: { holder, blinded in try await MatchingCascade.evaluate(blinded, with: keys[holder]) })
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
        }
        return percentiles("an entry of four identifiers through two key holders, one batch each, in one process (ms)", times)
    }

    /// Milliseconds to find one identifier among `entries` stored entries by decrypting each in
    /// turn (AES-GCM, one key per entry as such designs keep them) and comparing.
    public static func linearScan(entries: Int) throws -> Double {
        let needle = Data("email:ramon.perez@example.org".utf8)
        var stored: [(SymmetricKey, AES.GCM.SealedBox)] = []
        stored.reserveCapacity(entries)
        for index in 0..<entries {
            let key = SymmetricKey(size: .bits256)
            stored.append((key, try AES.GCM.seal(Data("email:person\(index)@example.org".utf8), using: key)))
        }
        var found = 0
        let micros = try time {
            for (key, box) in stored where try AES.GCM.open(box, using: key) == needle { found += 1 }
        }
        return micros / 1_000
    }
}
