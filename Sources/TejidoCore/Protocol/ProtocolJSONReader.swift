import Foundation

/// Reads the parsed JSON of a protocol file field by field, collecting a problem with its path
/// for everything missing, misplaced, mistyped or unknown, instead of stopping at the first.
struct ProtocolJSONReader {
    private(set) var problems: [ProtocolProblem] = []

    private mutating func add(_ path: String, _ kind: ProtocolProblem.Kind) {
        problems.append(ProtocolProblem(path, kind))
    }

    mutating func envelope(_ root: Any) -> ProtocolDocument? {
        guard let object = self.object(root, "", known: ["format", "schemaVersion", "source", "protocol"]) else { return nil }
        guard object["format"] as? String == ProtocolExchange.format else {
            add("format", .wrongFormat)
            return nil
        }
        guard let version = object["schemaVersion"] as? Int else {
            add("schemaVersion", object["schemaVersion"] == nil ? .missingField : .wrongType(expected: "a number"))
            return nil
        }
        guard version == ProtocolExchange.schemaVersion else {
            add("schemaVersion", .unsupportedSchemaVersion(version))
            return nil
        }
        return document(field(object, "protocol", ""), "protocol")
    }

    private mutating func document(_ value: Any?, _ path: String) -> ProtocolDocument? {
        let keys: Set<String> = [
            "languages", "title", "introduction", "blocks", "agreement", "harmTypes", "leavingRule", "careCommitments",
        ]
        guard let value, let object = self.object(value, path, known: keys) else { return nil }
        var languages: [Language] = []
        for (index, code) in strings(field(object, "languages", path), "\(path).languages").enumerated() {
            if let language = Language(rawValue: code) {
                languages.append(language)
            } else {
                add("\(path).languages[\(index)]", .unknownLanguage(code))
            }
        }
        let blocks = array(field(object, "blocks", path), "\(path).blocks").enumerated().compactMap { index, item in
            block(item, "\(path).blocks[\(index)]")
        }
        let agreementPath = "\(path).agreement"
        let agreementObject = field(object, "agreement", path).flatMap {
            self.object($0, agreementPath, known: ["introduction", "commitments", "notTolerated"])
        }
        let agreement = CoexistenceAgreement(
            introduction: text(
                agreementObject.flatMap { field($0, "introduction", agreementPath) }, "\(agreementPath).introduction"),
            commitments: list(
                agreementObject.flatMap { field($0, "commitments", agreementPath) }, "\(agreementPath).commitments"),
            notTolerated: list(
                agreementObject.flatMap { field($0, "notTolerated", agreementPath) }, "\(agreementPath).notTolerated"))
        let harms = array(field(object, "harmTypes", path), "\(path).harmTypes").enumerated().compactMap { index, item in
            harmType(item, "\(path).harmTypes[\(index)]")
        }
        return ProtocolDocument(
            languages: languages, title: text(field(object, "title", path), "\(path).title"),
            introduction: text(field(object, "introduction", path), "\(path).introduction"), blocks: blocks,
            agreement: agreement, harmTypes: harms, leavingRule: text(field(object, "leavingRule", path), "\(path).leavingRule"),
            careCommitments: text(field(object, "careCommitments", path), "\(path).careCommitments"))
    }

    private mutating func block(_ value: Any, _ path: String) -> ProtocolBlock? {
        guard let object = object(value, path, known: ["kind", "introduction", "considerations"]) else { return nil }
        guard let raw = field(object, "kind", path) else { return nil }
        guard let name = raw as? String, let kind = BlockKind(rawValue: name) else {
            add("\(path).kind", .blocksWrong)
            return nil
        }
        let considerations = array(field(object, "considerations", path), "\(path).considerations").enumerated()
            .compactMap { index, item -> Consideration? in
                let itemPath = "\(path).considerations[\(index)]"
                guard let item = self.object(item, itemPath, known: ["id", "title", "text", "guidanceQuestions"]) else {
                    return nil
                }
                return Consideration(
                    id: string(field(item, "id", itemPath), "\(itemPath).id"),
                    title: text(field(item, "title", itemPath), "\(itemPath).title"),
                    text: text(field(item, "text", itemPath), "\(itemPath).text"),
                    guidanceQuestions: list(field(item, "guidanceQuestions", itemPath), "\(itemPath).guidanceQuestions"))
            }
        return ProtocolBlock(
            kind: kind, introduction: text(field(object, "introduction", path), "\(path).introduction"),
            considerations: considerations)
    }

    private mutating func harmType(_ value: Any, _ path: String) -> HarmType? {
        guard let object = object(value, path, known: ["id", "name", "description", "levels"]) else { return nil }
        let levels = array(field(object, "levels", path), "\(path).levels").enumerated().compactMap {
            index, item -> SeverityLevel? in
            let levelPath = "\(path).levels[\(index)]"
            guard let level = self.object(item, levelPath, known: ["id", "name", "description", "responses"]) else { return nil }
            let rulesPath = "\(levelPath).responses"
            let rules = field(level, "responses", levelPath).flatMap {
                self.object($0, rulesPath, known: ["allowed", "recommended", "needsAssembly"])
            }
            return SeverityLevel(
                id: string(field(level, "id", levelPath), "\(levelPath).id"),
                name: text(field(level, "name", levelPath), "\(levelPath).name"),
                description: text(field(level, "description", levelPath), "\(levelPath).description"),
                responses: ResponseRules(
                    allowed: responses(rules.flatMap { field($0, "allowed", rulesPath) }, "\(rulesPath).allowed"),
                    recommended: responses(rules.flatMap { field($0, "recommended", rulesPath) }, "\(rulesPath).recommended"),
                    needsAssembly: responses(
                        rules.flatMap { field($0, "needsAssembly", rulesPath) }, "\(rulesPath).needsAssembly")))
        }
        return HarmType(
            id: string(field(object, "id", path), "\(path).id"), name: text(field(object, "name", path), "\(path).name"),
            description: text(field(object, "description", path), "\(path).description"), levels: levels)
    }

    // MARK: shapes

    private mutating func object(_ value: Any, _ path: String, known: Set<String>) -> [String: Any]? {
        guard let object = value as? [String: Any] else {
            add(path, .wrongType(expected: "an object"))
            return nil
        }
        for key in object.keys.sorted() where !known.contains(key) {
            add(path.isEmpty ? key : "\(path).\(key)", .unknownField)
        }
        return object
    }

    private mutating func field(_ object: [String: Any], _ key: String, _ path: String) -> Any? {
        guard let value = object[key] else {
            add(path.isEmpty ? key : "\(path).\(key)", .missingField)
            return nil
        }
        return value
    }

    private mutating func array(_ value: Any?, _ path: String) -> [Any] {
        guard let value else { return [] }
        guard let array = value as? [Any] else {
            add(path, .wrongType(expected: "a list"))
            return []
        }
        return array
    }

    private mutating func string(_ value: Any?, _ path: String) -> String {
        guard let value else { return "" }
        guard let string = value as? String else {
            add(path, .wrongType(expected: "text"))
            return ""
        }
        return string
    }

    private mutating func strings(_ value: Any?, _ path: String) -> [String] {
        array(value, path).enumerated().map { index, item in string(item, "\(path)[\(index)]") }
    }

    private mutating func text(_ value: Any?, _ path: String) -> LocalizedText {
        guard let value else { return LocalizedText() }
        guard let object = value as? [String: Any] else {
            add(path, .wrongType(expected: "an object"))
            return LocalizedText()
        }
        var text = LocalizedText()
        for (code, item) in object.sorted(by: { $0.key < $1.key }) {
            guard let language = Language(rawValue: code) else {
                add("\(path).\(code)", .unknownLanguage(code))
                continue
            }
            text[language] = string(item, "\(path).\(code)")
        }
        return text
    }

    private mutating func list(_ value: Any?, _ path: String) -> LocalizedList {
        guard let value else { return LocalizedList() }
        guard let object = value as? [String: Any] else {
            add(path, .wrongType(expected: "an object"))
            return LocalizedList()
        }
        var list = LocalizedList()
        for (code, items) in object.sorted(by: { $0.key < $1.key }) {
            guard let language = Language(rawValue: code) else {
                add("\(path).\(code)", .unknownLanguage(code))
                continue
            }
            list[language] = strings(items, "\(path).\(code)")
        }
        return list
    }

    private mutating func responses(_ value: Any?, _ path: String) -> [ResponseKind] {
        strings(value, path).enumerated().compactMap { index, name in
            guard let kind = ResponseKind(rawValue: name) else {
                add("\(path)[\(index)]", .unknownResponse(name))
                return nil
            }
            return kind
        }
    }
}
