import Foundation
import TejidoCore

/// The server's copy of the instance key ring. `tejido keys rotate` changes the key file while
/// the server runs; when a wrapped key names a key the server does not hold yet, or before it
/// wraps a new one, it looks at the file again — so rotation needs no restart and no downtime.
final class KeyRingStore: @unchecked Sendable {
    private let lock = NSLock()
    private var ring: InstanceKeyRing
    private var modified: Date?
    /// Empty for a ring given directly (tests); such a ring never reloads.
    private let path: String?

    init(ring: InstanceKeyRing, path: String?) {
        self.ring = ring
        self.path = path
        self.modified = path.flatMap(Self.modificationDate)
    }

    private static func modificationDate(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    /// The ring as it is now, re-read first if the key file changed since it was last read.
    var current: InstanceKeyRing {
        lock.lock()
        defer { lock.unlock() }
        if let path, let date = Self.modificationDate(path), date != modified,
            let fresh = try? InstanceKeyFile.loadRing(path: path)
        {
            ring = fresh
            modified = date
        }
        return ring
    }

    /// The ring as last read, without touching the disk: the common path of every case page.
    var cached: InstanceKeyRing {
        lock.lock()
        defer { lock.unlock() }
        return ring
    }

    /// The ring that holds `keyID`, re-reading the file once if the cached ring does not.
    func ring(holding keyID: String) -> InstanceKeyRing {
        let ring = cached
        return ring.key(id: keyID) != nil ? ring : current
    }
}
