import Foundation

/// The protocol file format, for sharing a protocol between collectives and for backups.
/// Documented in docs/protocol-format.md; `schemaVersion` changes whenever a reader of the old
/// version could misread the new one.
public enum ProtocolExchange {
    public static let format = "tejido.protocol"
    public static let schemaVersion = 1
    /// Far above any real protocol (the template is about 40 kB), far below trouble.
    public static let maximumBytes = 1_000_000

    public struct Source: Codable, Equatable, Sendable {
        public var collective: String
        public var version: Int
        public var status: String
        public var savedAt: Date

        public init(collective: String, version: Int, status: String, savedAt: Date) {
            self.collective = collective
            self.version = version
            self.status = status
            self.savedAt = savedAt
        }
    }

    struct Envelope: Encodable {
        let format: String
        let schemaVersion: Int
        let source: Source?
        let document: ProtocolDocument

        enum CodingKeys: String, CodingKey {
            case format, schemaVersion, source
            case document = "protocol"
        }
    }

    /// The file for `document`, in `language` only when one is given.
    public static func export(_ document: ProtocolDocument, source: Source?, language: Language? = nil) throws -> Data {
        let shown = language.map { document.restricted(to: [$0]) } ?? document
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(Envelope(format: format, schemaVersion: schemaVersion, source: source, document: shown))
    }

    /// Reads a protocol file. Either a valid document, or every problem found — never a partial result.
    public static func read(_ data: Data) -> Result<ProtocolDocument, ProtocolFileProblems> {
        guard data.count <= maximumBytes else {
            return .failure(ProtocolFileProblems([ProtocolProblem("", .tooLarge(limit: maximumBytes))]))
        }
        guard let root = try? JSONSerialization.jsonObject(with: data, options: []) else {
            return .failure(ProtocolFileProblems([ProtocolProblem("", .notJSON)]))
        }
        if let key = JSONDuplicateKeys.first(in: data) {
            return .failure(ProtocolFileProblems([ProtocolProblem("", .duplicateKey(key))]))
        }
        var reader = ProtocolJSONReader()
        guard let document = reader.envelope(root), reader.problems.isEmpty else {
            return .failure(ProtocolFileProblems(reader.problems))
        }
        // Paths name places in the file, which holds the protocol under "protocol".
        let problems = ProtocolValidator.problems(in: document).map { ProtocolProblem("protocol.\($0.path)", $0.kind) }
        return problems.isEmpty ? .success(document) : .failure(ProtocolFileProblems(problems))
    }
}

/// Everything wrong with a protocol file.
public struct ProtocolFileProblems: Error, Equatable, Sendable {
    public let problems: [ProtocolProblem]

    public init(_ problems: [ProtocolProblem]) { self.problems = problems }
}

extension ProtocolDocument {
    /// The same protocol kept in `languages` only; text in other languages is dropped.
    public func restricted(to kept: [Language]) -> ProtocolDocument {
        var copy = self
        copy.languages = languages.filter { kept.contains($0) }
        copy.title = title.keeping(kept)
        copy.introduction = introduction.keeping(kept)
        copy.blocks = blocks.map { block in
            var block = block
            block.introduction = block.introduction.keeping(kept)
            block.considerations = block.considerations.map { item in
                var item = item
                item.title = item.title.keeping(kept)
                item.text = item.text.keeping(kept)
                item.guidanceQuestions = item.guidanceQuestions.keeping(kept)
                return item
            }
            return block
        }
        copy.agreement = CoexistenceAgreement(
            introduction: agreement.introduction.keeping(kept), commitments: agreement.commitments.keeping(kept),
            notTolerated: agreement.notTolerated.keeping(kept))
        copy.harmTypes = harmTypes.map { harm in
            var harm = harm
            harm.name = harm.name.keeping(kept)
            harm.description = harm.description.keeping(kept)
            harm.levels = harm.levels.map { level in
                var level = level
                level.name = level.name.keeping(kept)
                level.description = level.description.keeping(kept)
                return level
            }
            return harm
        }
        copy.leavingRule = leavingRule.keeping(kept)
        copy.careCommitments = careCommitments.keeping(kept)
        return copy
    }
}
