import Foundation

/// RFC 8941 section 4.2 parsing over the field's bytes. Every step returns nil instead of guessing,
/// and every index is checked before it is read, so hostile input ends in a refusal, never a crash.
///
/// One deliberate departure: RFC 8941 keeps the last of two members or parameters with the same key.
/// In a signature field a repeated key means two readers may disagree about what was signed, so it
/// is refused.
struct StructuredFieldParser {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func consume(_ character: Unicode.Scalar) -> Bool {
        guard current == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    private mutating func skipSpaces() {
        while current == UInt8(ascii: " ") { index += 1 }
    }

    private mutating func skipOptionalWhitespace() {
        while current == UInt8(ascii: " ") || current == UInt8(ascii: "\t") { index += 1 }
    }

    mutating func dictionary() -> StructuredField.Dictionary? {
        // Field values may not hold anything outside visible ASCII, space and tab.
        guard bytes.allSatisfy({ (0x20...0x7E).contains($0) || $0 == 0x09 }) else { return nil }
        skipSpaces()
        var members: StructuredField.Dictionary = []
        var seen = Set<String>()
        while current != nil {
            guard let key = key(), seen.insert(key).inserted else { return nil }
            let member: StructuredField.Member
            if consume("=") {
                guard let value = itemOrInnerList() else { return nil }
                member = value
            } else {
                guard let parameters = parameters() else { return nil }
                member = .item(.init(value: .boolean(true), parameters: parameters))
            }
            members.append((key, member))
            skipOptionalWhitespace()
            if current == nil { break }
            guard consume(",") else { return nil }
            skipOptionalWhitespace()
            guard current != nil else { return nil }  // a trailing comma
        }
        return members
    }

    private mutating func itemOrInnerList() -> StructuredField.Member? {
        if current == UInt8(ascii: "(") {
            guard let (items, parameters) = innerList() else { return nil }
            return .innerList(items, parameters: parameters)
        }
        return item().map { .item($0) }
    }

    private mutating func innerList() -> ([StructuredField.Item], StructuredField.Parameters)? {
        guard consume("(") else { return nil }
        var items: [StructuredField.Item] = []
        while current != nil {
            skipSpaces()
            if consume(")") {
                guard let parameters = parameters() else { return nil }
                return (items, parameters)
            }
            guard let item = item() else { return nil }
            items.append(item)
            guard current == UInt8(ascii: " ") || current == UInt8(ascii: ")") else { return nil }
        }
        return nil
    }

    private mutating func item() -> StructuredField.Item? {
        guard let value = bareItem(), let parameters = parameters() else { return nil }
        return .init(value: value, parameters: parameters)
    }

    private mutating func parameters() -> StructuredField.Parameters? {
        var parameters: StructuredField.Parameters = []
        var seen = Set<String>()
        while consume(";") {
            skipSpaces()
            guard let key = key(), seen.insert(key).inserted else { return nil }
            var value = StructuredField.BareItem.boolean(true)
            if consume("=") {
                guard let parsed = bareItem() else { return nil }
                value = parsed
            }
            parameters.append((key, value))
        }
        return parameters
    }

    private mutating func key() -> String? {
        guard let first = current, StructuredField.isLowercaseAlpha(first) || first == UInt8(ascii: "*") else { return nil }
        let start = index
        while let byte = current, StructuredField.isKeyCharacter(byte) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func bareItem() -> StructuredField.BareItem? {
        guard let first = current else { return nil }
        switch first {
        case UInt8(ascii: "-"),
            _ where StructuredField.isDigit(first):
            return integer()
        case UInt8(ascii: "\""): return string()
        case UInt8(ascii: ":"): return byteSequence()
        case UInt8(ascii: "?"): return boolean()
        case UInt8(ascii: "*"),
            _ where StructuredField.isAlpha(first):
            return token()
        default: return nil
        }
    }

    private mutating func integer() -> StructuredField.BareItem? {
        let negative = consume("-")
        let start = index
        while let byte = current, StructuredField.isDigit(byte) { index += 1 }
        let digits = index - start
        // Fifteen digits at most (RFC 8941 section 3.3.1); a decimal point means a Decimal, which we refuse.
        guard digits >= 1, digits <= 15, current != UInt8(ascii: ".") else { return nil }
        guard let magnitude = Int(String(decoding: bytes[start..<index], as: UTF8.self)) else { return nil }
        return .integer(negative ? -magnitude : magnitude)
    }

    private mutating func string() -> StructuredField.BareItem? {
        guard consume("\"") else { return nil }
        var output: [UInt8] = []
        while let byte = current {
            index += 1
            switch byte {
            case UInt8(ascii: "\\"):
                guard let escaped = current, escaped == UInt8(ascii: "\"") || escaped == UInt8(ascii: "\\") else {
                    return nil
                }
                index += 1
                output.append(escaped)
            case UInt8(ascii: "\""):
                return .string(String(decoding: output, as: UTF8.self))
            case 0x20...0x7E:
                output.append(byte)
            default:
                return nil
            }
        }
        return nil  // no closing quote
    }

    private mutating func token() -> StructuredField.BareItem? {
        let start = index
        index += 1
        while let byte = current,
            StructuredField.isTokenCharacter(byte) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "/")
        {
            index += 1
        }
        return .token(String(decoding: bytes[start..<index], as: UTF8.self))
    }

    private mutating func byteSequence() -> StructuredField.BareItem? {
        guard consume(":") else { return nil }
        let start = index
        while let byte = current, byte != UInt8(ascii: ":") {
            guard StructuredField.isAlpha(byte) || StructuredField.isDigit(byte) || "+/=".utf8.contains(byte) else {
                return nil
            }
            index += 1
        }
        var encoded = String(decoding: bytes[start..<index], as: UTF8.self)
        // RFC 8941 section 4.2.7: parsers should not fail only because the "=" padding was left off.
        if !encoded.contains("=") && encoded.count % 4 != 1 {
            encoded += String(repeating: "=", count: (4 - encoded.count % 4) % 4)
        }
        guard consume(":"), let data = Data(base64Encoded: encoded) else { return nil }
        return .byteSequence(data)
    }

    private mutating func boolean() -> StructuredField.BareItem? {
        guard consume("?") else { return nil }
        if consume("1") { return .boolean(true) }
        if consume("0") { return .boolean(false) }
        return nil
    }
}
