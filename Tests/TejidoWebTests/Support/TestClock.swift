import Foundation
import TejidoWeb

/// A clock the test moves by hand, so timeouts are tested without waiting.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)

    var now: Date { lock.withLock { current } }

    func advance(minutes: Double) { lock.withLock { current = current.addingTimeInterval(minutes * 60) } }

    var tejidoClock: TejidoClock { TejidoClock { [self] in now } }
}
