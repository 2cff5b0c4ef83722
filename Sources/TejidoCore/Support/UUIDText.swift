import Foundation

extension UUID {
    /// The same text as `uuidString` (upper-case hexadecimal in 8-4-4-4-12 groups), written
    /// directly: Foundation's goes through `sprintf`, and a case page names some hundred ids
    /// (every sealed row's associated data names its case and row).
    public var text: String {
        withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                let digits: StaticString = "0123456789ABCDEF"
                var i = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[i] = UInt8(ascii: "-")
                        i += 1
                    }
                    out[i] = digits.utf8Start[Int(byte >> 4)]
                    out[i + 1] = digits.utf8Start[Int(byte & 0x0F)]
                    i += 2
                }
                return i
            }
        }
    }
}
