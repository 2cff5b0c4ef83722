import Foundation
import NIOConcurrencyHelpers
import Vapor

/// A flood of messages from one connection is cut off: more than `limit` in a minute and the rest
/// of that minute is refused (404, counted as a flood). Kept in memory: a restart forgives.
final class PeerThrottle: Sendable {
    private let counts = NIOLockedValueBox<[String: (minute: Int, count: Int)]>([:])
    let limit: Int

    init(limit: Int = 600) { self.limit = limit }

    func allow(_ key: String, now: Date) -> Bool {
        let minute = Int(now.timeIntervalSince1970) / 60
        return counts.withLockedValue { counts in
            if counts.count > 10_000 { counts = counts.filter { $0.value.minute == minute } }
            // Still full of this minute's keys (many addresses at once): nobody new this minute.
            if counts.count > 10_000, counts[key] == nil { return false }
            var entry = counts[key] ?? (minute, 0)
            if entry.minute != minute { entry = (minute, 0) }
            entry.count += 1
            counts[key] = entry
            return entry.count <= limit
        }
    }
}

extension Application {
    private struct PeerThrottleKey: StorageKey { typealias Value = PeerThrottle }

    var peerThrottle: PeerThrottle {
        get { storage[PeerThrottleKey.self] ?? PeerThrottle() }
        set { storage[PeerThrottleKey.self] = newValue }
    }
}
