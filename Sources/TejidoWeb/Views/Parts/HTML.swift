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

    /// The five characters that could open markup or end an attribute.
    static func escape(_ value: String, into out: inout String) {
        var utf8 = value.utf8[...]
        while let index = utf8.firstIndex(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) {
            out += Substring(utf8[utf8.startIndex..<index])
            switch utf8[index] {
            case 0x26: out += "&amp;"
            case 0x3C: out += "&lt;"
            case 0x3E: out += "&gt;"
            case 0x22: out += "&quot;"
            default: out += "&#39;"
            }
            utf8 = utf8[utf8.index(after: index)...]
        }
        out += Substring(utf8)
    }
}
