import Foundation

/// What a posted form may hold, checked at the edge before any handler reads it: text that is
/// valid UTF-8, without control characters (tabs and line breaks aside), within a length. A null
/// byte makes PostgreSQL refuse the write, and broken encoding decodes as an empty value that
/// would be saved as if nothing had been typed: both are refused here, saying which field.
public enum FormText {
    public enum Problem: String, CaseIterable, Sendable, Equatable {
        case encoding
        case controlCharacters = "control_characters"
        case tooLong = "too_long"
    }

    /// Names, titles and other one-line fields.
    public static let shortLimit = 300
    /// Everything else a person writes; the domain's own limits are often lower.
    public static let longLimit = 50_000
    /// One-line fields, held to `shortLimit`.
    public static let shortFields: Set<String> = [
        "name", "survivor_name", "pod_name", "label", "title", "meeting_title", "commitment_title", "username",
        "pod_username", "given_by", "collective", "for_whom", "city", "region", "country", "phone", "website", "cost",
        "hours", "reach", "languages", "q", "exit_url",
    ]
    /// Whole files pasted or uploaded as text (a protocol, a directory): checked by their importers.
    public static let fileFields: Set<String> = ["json", "file", "text"]

    public static func limit(for field: String) -> Int? {
        if fileFields.contains(field) { return nil }
        return shortFields.contains(field) ? shortLimit : longLimit
    }

    /// The first problem with `bytes` as the value of `field`, or nil when it is fine.
    public static func problem(field: String, bytes: [UInt8]) -> Problem? {
        guard let text = String(validating: bytes, as: UTF8.self) else { return .encoding }
        if text.unicodeScalars.contains(where: isForbidden) { return .controlCharacters }
        if let limit = limit(for: field), text.count > limit { return .tooLong }
        return nil
    }

    /// Control characters nobody types: C0 but tab, line feed and carriage return; DEL; C1.
    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || (0x7F...0x9F).contains(value)
    }

    /// The value as it can be shown back to be fixed: broken bytes as U+FFFD, each control
    /// character a space (it often stood between two words).
    public static func cleaned(_ bytes: [UInt8]) -> String {
        String(
            String.UnicodeScalarView(
                String(decoding: bytes, as: UTF8.self).unicodeScalars.map { isForbidden($0) ? " " : $0 }))
    }

    /// An `application/x-www-form-urlencoded` body as name → raw bytes, in order. Names are
    /// decoded leniently; values keep their bytes, so their encoding can be judged.
    public static func fields(of body: [UInt8]) -> [(name: String, bytes: [UInt8])] {
        body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(decoding: percentDecoded(Array(parts[0])), as: UTF8.self)
            return (name, parts.count > 1 ? percentDecoded(Array(parts[1])) : [])
        }
    }

    static func percentDecoded(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.count, let high = hex(bytes[index + 1]),
                let low = hex(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 2
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
