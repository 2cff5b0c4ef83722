@preconcurrency import Crypto
import Foundation
import TejidoCore

/// Rows sealed with a key derived from the instance key (concerns about the protocol, reasons for
/// removing members), bound to their row by `context`. They open with whichever of the ring's
/// keys sealed them, so a rotation in progress loses nothing.
enum InstanceSealed {
    static func open(_ sealed: Data, keys: [SymmetricKey], context: Data) -> Data? {
        keys.lazy.compactMap { try? Sealing.open(sealed, with: $0, associatedData: context) }.first
    }
}
