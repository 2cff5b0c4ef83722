/// Markup written in Swift: every page is written with it. Every interpolated `String` is escaped; only other `HTML` values go in as they are, so
/// forgetting to escape cannot happen by accident.
struct HTML: ExpressibleByStringInterpolation, Sendable {
    private(set) var text: String

    init(stringLiteral value: String) { text = value }
    /// Only for joining two values that are already markup; nothing from outside comes in here.
    private init(markup: String) { text = markup }
    init(stringInterpolation: StringInterpolation) { text = stringInterpolation.text }

    static let empty: HTML = ""

    mutating func append(_ other: HTML) { text += other.text }
    static func += (lhs: inout HTML, rhs: HTML) { lhs.append(rhs) }
    static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(markup: lhs.text + rhs.text) }

    /// `html` when `condition` holds, nothing otherwise.
    static func when(_ condition: Bool, _ html: @autoclosure () -> HTML) -> HTML { condition ? html() : .empty }

    /// One piece of markup per element, joined.
    static func each<S: Sequence>(_ items: S, _ html: (S.Element) -> HTML) -> HTML {
        var out = HTML.empty
        for item in items { out += html(item) }
        return out
    }

    struct StringInterpolation: StringInterpolationProtocol {
        var text = ""
        init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity + interpolationCount * 16) }
        mutating func appendLiteral(_ literal: String) { text += literal }
        mutating func appendInterpolation(_ value: String) { HTML.escape(value, into: &text) }
        mutating func appendInterpolation(_ value: String?) { if let value { HTML.escape(value, into: &text) } }
        mutating func appendInterpolation(_ value: Int) { text += String(value) }
        mutating func appendInterpolation(_ value: HTML) { text += value.text }
    }

    /// The five characters that could open markup or end an attribute. Most text holds none and is
    /// appended whole; otherwise the runs between them are copied from the bytes.
    static func escape(_ value: String, into out: inout String) {
        var value = value
        let special = { (byte: UInt8) in byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 }
        guard value.withUTF8({ $0.contains(where: special) }) else {
            out += value
            return
        }
        value.withUTF8 { bytes in
            var start = 0
            for index in bytes.indices where special(bytes[index]) {
                if start < index { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self) }
                switch bytes[index] {
                case 0x26: out += "&amp;"
                case 0x3C: out += "&lt;"
                case 0x3E: out += "&gt;"
                case 0x22: out += "&quot;"
                default: out += "&#39;"
                }
                start = index + 1
            }
            if start < bytes.count {
                out += String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]), as: UTF8.self)
            }
        }
    }
}
