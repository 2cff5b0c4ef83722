/// RFC 4180 comma-separated values: fields optionally in double quotes, a quote inside a quoted
/// field written twice, line breaks allowed inside quotes. Anything else is malformed, and
/// reported with its line — a file that cannot be read exactly is not read at all.
public enum CSV {
    public struct Malformed: Error, Equatable, Sendable {
        public let line: Int
        public let reason: Reason

        public enum Reason: Equatable, Sendable {
            case unterminatedQuote
            case quoteInsideField
            case textAfterClosingQuote
        }
    }

    /// The records, each with the line it starts on. Blank lines are skipped.
    public static func parse(_ text: String) throws -> [(line: Int, fields: [String])] {
        var records: [(Int, [String])] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quotedField = false
        var afterClosingQuote = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil

        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !quotedField) { records.append((recordLine, fields)) }
            fields = []
            field = ""
            quotedField = false
            afterClosingQuote = false
        }

        while let scalar = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        inQuotes = false
                        afterClosingQuote = true
                        pending = next
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                fields.append(field)
                field = ""
                quotedField = false
                afterClosingQuote = false
            case "\r":
                let next = iterator.next()
                if next != "\n" { pending = next }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            case "\"":
                guard field.isEmpty, !quotedField else { throw Malformed(line: line, reason: .quoteInsideField) }
                inQuotes = true
                quotedField = true
            default:
                if afterClosingQuote { throw Malformed(line: line, reason: .textAfterClosingQuote) }
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { throw Malformed(line: recordLine, reason: .unterminatedQuote) }
        if !field.isEmpty || !fields.isEmpty || quotedField { endRecord() }
        return records
    }

    /// One record, every field quoted, ending in CRLF as RFC 4180 asks.
    public static func line(_ fields: [String]) -> String {
        fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\r\n"
    }
}
