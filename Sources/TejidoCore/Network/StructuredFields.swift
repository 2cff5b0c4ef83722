import Foundation

/// The part of RFC 8941 Structured Field Values that RFC 9421 signatures and RFC 9530 digests use:
/// Dictionaries whose members are Items or Inner Lists, with Integers, Strings, Tokens, Booleans and
/// Byte Sequences. Decimals are not needed by either field and are refused, like anything malformed:
/// these fields arrive from peers we do not fully trust, so the parser never guesses.
enum StructuredField {
    enum BareItem: Sendable, Equatable {
        case integer(Int)
        case string(String)
        case token(String)
        case boolean(Bool)
        case byteSequence(Data)
    }

    /// Parameters keep their order: the signature base repeats them exactly as the signer wrote them.
    typealias Parameters = [(key: String, value: BareItem)]

    struct Item: Sendable {
        var value: BareItem
        var parameters: Parameters = []
    }

    enum Member: Sendable {
        case item(Item)
        case innerList([Item], parameters: Parameters)
    }

    /// Members in the order they were written; keys are unique (see `StructuredFieldParser`).
    typealias Dictionary = [(key: String, member: Member)]

    static let largestInteger = 999_999_999_999_999

    static func parseDictionary(_ text: String) -> Dictionary? {
        var parser = StructuredFieldParser(text)
        return parser.dictionary()
    }

    // MARK: Serialization (RFC 8941 section 4.1); nil when a value cannot be represented.

    static func serialize(_ dictionary: Dictionary) -> String? {
        var members: [String] = []
        for (key, member) in dictionary {
            guard isKey(key) else { return nil }
            switch member {
            case .item(let item) where item.value == .boolean(true):
                guard let parameters = serialize(item.parameters) else { return nil }
                members.append(key + parameters)
            case .item(let item):
                guard let value = serialize(item) else { return nil }
                members.append(key + "=" + value)
            case .innerList(let items, let parameters):
                guard let value = serializeInnerList(items, parameters: parameters) else { return nil }
                members.append(key + "=" + value)
            }
        }
        return members.joined(separator: ", ")
    }

    static func serializeInnerList(_ items: [Item], parameters: Parameters) -> String? {
        var parts: [String] = []
        for item in items {
            guard let text = serialize(item) else { return nil }
            parts.append(text)
        }
        guard let tail = serialize(parameters) else { return nil }
        return "(" + parts.joined(separator: " ") + ")" + tail
    }

    static func serialize(_ item: Item) -> String? {
        guard let value = serialize(item.value), let parameters = serialize(item.parameters) else { return nil }
        return value + parameters
    }

    static func serialize(_ parameters: Parameters) -> String? {
        var text = ""
        for (key, value) in parameters {
            guard isKey(key) else { return nil }
            text += ";" + key
            if value != .boolean(true) {
                guard let serialized = serialize(value) else { return nil }
                text += "=" + serialized
            }
        }
        return text
    }

    static func serialize(_ value: BareItem) -> String? {
        switch value {
        case .integer(let number):
            return abs(number) <= largestInteger ? String(number) : nil
        case .string(let string):
            guard string.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) else { return nil }
            let escaped = string.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"" + escaped + "\""
        case .token(let token):
            return isToken(token) ? token : nil
        case .boolean(let flag):
            return flag ? "?1" : "?0"
        case .byteSequence(let data):
            return ":" + data.base64EncodedString() + ":"
        }
    }

    // MARK: Character classes, on ASCII bytes

    static func isKey(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, isLowercaseAlpha(first) || first == UInt8(ascii: "*") else { return false }
        return bytes.dropFirst().allSatisfy(isKeyCharacter)
    }

    static func isToken(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, isAlpha(first) || first == UInt8(ascii: "*") else { return false }
        return bytes.dropFirst().allSatisfy { isTokenCharacter($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") }
    }

    static func isLowercaseAlpha(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) }
    static func isAlpha(_ byte: UInt8) -> Bool { isLowercaseAlpha(byte) || (0x41...0x5A).contains(byte) }
    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    static func isKeyCharacter(_ byte: UInt8) -> Bool {
        isLowercaseAlpha(byte) || isDigit(byte) || "_-.*".utf8.contains(byte)
    }

    /// RFC 9110 tchar.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        isAlpha(byte) || isDigit(byte) || "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }
}
