import Foundation

/// Reading a directory file. A file that cannot be read exactly (malformed CSV, wrong JSON shape,
/// too large) is refused whole; otherwise every row is checked, good rows are kept and each bad
/// row is reported with its line and reasons.
public enum DirectoryImport {
    public enum Format: String, Sendable {
        case csv, json
    }

    public struct Rejected: Equatable, Sendable {
        /// The line the row starts on (CSV), or its position in `entries` counting from 1 (JSON).
        public let row: Int
        public let name: String
        public let problems: [FieldProblem]
    }

    public struct Report: Equatable, Sendable {
        public var accepted: [DirectoryEntry] = []
        public var rejected: [Rejected] = []
    }

    /// Why a whole file was refused: a catalog key and the values it names.
    public struct FileProblem: Error, Equatable, Sendable {
        public let messageKey: String
        public let values: [String: String]

        init(_ key: String, _ values: [String: String] = [:]) {
            self.messageKey = key
            self.values = values
        }
    }

    public static let webLimit = 2_000_000
    public static let commandLineLimit = 64_000_000
    public static let rowLimit = 200_000

    /// JSON when it starts with `{` (after blanks), else CSV.
    public static func sniff(_ data: Data) -> Format {
        let first = withoutByteOrderMark(data).first { !(" \t\r\n" as String).utf8.contains($0) }
        return first == UInt8(ascii: "{") ? .json : .csv
    }

    public static func read(_ data: Data, format: Format? = nil, now: Date, byteLimit: Int) -> Result<Report, FileProblem> {
        guard data.count <= byteLimit else {
            return .failure(FileProblem("error_directory_file_large", ["limit": "\(byteLimit / 1_000_000)"]))
        }
        guard !data.isEmpty else { return .failure(FileProblem("error_directory_file_empty")) }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(FileProblem("error_directory_file_encoding"))
        }
        switch format ?? sniff(data) {
        case .csv: return readCSV(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, now: now)
        case .json: return readJSON(withoutByteOrderMark(data), now: now)
        }
    }

    static func withoutByteOrderMark(_ data: Data) -> Data {
        data.starts(with: [0xEF, 0xBB, 0xBF]) ? Data(data.dropFirst(3)) : data
    }

    static func readCSV(_ text: String, now: Date) -> Result<Report, FileProblem> {
        let records: [(line: Int, fields: [String])]
        do {
            records = try CSV.parse(text)
        } catch let malformed as CSV.Malformed {
            return .failure(FileProblem("error_directory_csv_\(malformed.reason)", ["line": "\(malformed.line)"]))
        } catch {
            return .failure(FileProblem("error_directory_file_encoding"))
        }
        guard let header = records.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            return .failure(FileProblem("error_directory_file_empty"))
        }
        let unknown = header.filter { !DirectoryFile.columns.contains($0) }
        if !unknown.isEmpty {
            return .failure(FileProblem("error_directory_columns_unknown", ["columns": unknown.joined(separator: ", ")]))
        }
        if Set(header).count != header.count { return .failure(FileProblem("error_directory_columns_repeated")) }
        let missing = DirectoryFile.requiredColumns.subtracting(header).sorted()
        if !missing.isEmpty {
            return .failure(FileProblem("error_directory_columns_missing", ["columns": missing.joined(separator: ", ")]))
        }
        guard records.count - 1 <= rowLimit else {
            return .failure(FileProblem("error_directory_rows", ["limit": "\(rowLimit)"]))
        }
        var report = Report()
        for record in records.dropFirst() {
            // Spreadsheets leave rows of empty cells at the end; they are nothing, not mistakes.
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard record.fields.count == header.count else {
                report.rejected.append(
                    Rejected(
                        row: record.line, name: "",
                        problems: [FieldProblem(field: "row", messageKey: "error_directory_field_count")]))
                continue
            }
            let row = Dictionary(uniqueKeysWithValues: zip(header, record.fields.map(DirectoryFile.unSpreadsheet)))
            add(row, at: record.line, to: &report, now: now)
        }
        return .success(report)
    }

    static func readJSON(_ data: Data, now: Date) -> Result<Report, FileProblem> {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return .failure(FileProblem("error_directory_json"))
        }
        if let key = JSONDuplicateKeys.first(in: data) {
            return .failure(FileProblem("error_directory_json_duplicate", ["key": key]))
        }
        guard object["format"] as? String == DirectoryFile.jsonFormat else {
            return .failure(FileProblem("error_directory_json_format"))
        }
        guard object["schemaVersion"] as? Int == DirectoryFile.schemaVersion else {
            return .failure(FileProblem("error_directory_json_version"))
        }
        guard let entries = object["entries"] as? [Any] else { return .failure(FileProblem("error_directory_json")) }
        guard entries.count <= rowLimit else { return .failure(FileProblem("error_directory_rows", ["limit": "\(rowLimit)"])) }
        var report = Report()
        for (index, item) in entries.enumerated() {
            guard let fields = item as? [String: Any] else {
                report.rejected.append(
                    Rejected(
                        row: index + 1, name: "", problems: [FieldProblem(field: "row", messageKey: "error_directory_row_shape")])
                )
                continue
            }
            let unknown = fields.keys.filter { !DirectoryFile.columns.contains($0) }.sorted()
            let strings = fields.compactMapValues { $0 as? String }
            if !unknown.isEmpty || strings.count != fields.count {
                report.rejected.append(
                    Rejected(
                        row: index + 1, name: strings["name"] ?? "",
                        problems: [FieldProblem(field: "row", messageKey: "error_directory_row_shape")]))
                continue
            }
            add(strings, at: index + 1, to: &report, now: now)
        }
        return .success(report)
    }

    /// One row's values → an entry, or the reasons it cannot be one.
    public static func entry(from row: [String: String], now: Date) -> Result<DirectoryEntry, TejidoError> {
        var problems: [FieldProblem] = []
        func value(_ column: String) -> String { (row[column] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        func choice<T: RawRepresentable>(_ column: String, _ fallback: T) -> T where T.RawValue == String {
            let raw = value(column).lowercased()
            if raw.isEmpty { return fallback }
            guard let parsed = T(rawValue: raw) else {
                problems.append(
                    FieldProblem(field: column, messageKey: "error_directory_\(column == "kind" ? "kind" : "choice")"))
                return fallback
            }
            return parsed
        }
        if value("kind").isEmpty { problems.append(FieldProblem(field: "kind", messageKey: "error_directory_kind")) }
        let kind: ResourceKind = choice("kind", .survivorSupport)
        let visibility = value("visibility").lowercased()
        if !["", "public", "members"].contains(visibility) {
            problems.append(FieldProblem(field: "visibility", messageKey: "error_directory_choice"))
        }
        var lastVerified: Date?
        if !value("last_verified").isEmpty {
            lastVerified = DirectoryFile.parseDay(value("last_verified"))
            if lastVerified == nil { problems.append(FieldProblem(field: "last_verified", messageKey: "error_directory_date")) }
        }
        let entry = DirectoryEntry(
            kind: kind, name: value("name"), description: value("description"), country: value("country"),
            region: value("region"),
            city: value("city"), reach: choice("reach", .local),
            languages: DirectoryValidator.languages(from: value("languages")),
            phone: value("phone"), website: value("website"), address: value("address"), hours: value("hours"),
            cost: value("cost"),
            accessibility: value("accessibility"),
            safety: SafetyNotes(
                mayInvolvePolice: choice("may_involve_police", .unknown), mandatedReporter: choice("mandated_reporter", .unknown),
                asksImmigrationStatus: choice("asks_immigration_status", .unknown), confidential: choice("confidential", .unknown)
            ),
            lastVerified: lastVerified, verifiedBy: value("verified_by"), isPublic: visibility == "public")
        problems += DirectoryValidator.problems(in: entry, now: now)
        return problems.isEmpty ? .success(entry) : .failure(.invalid(problems))
    }

    private static func add(_ row: [String: String], at line: Int, to report: inout Report, now: Date) {
        switch entry(from: row, now: now) {
        case .success(let entry): report.accepted.append(entry)
        case .failure(let error):
            guard case .invalid(let problems) = error else { return }
            report.rejected.append(Rejected(row: line, name: row["name"] ?? "", problems: problems))
        }
    }
}
