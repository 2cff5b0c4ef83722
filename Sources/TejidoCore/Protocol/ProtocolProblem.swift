/// One thing wrong with a protocol or a protocol file, with where it is. The path uses the JSON
/// schema's names (`harmTypes[2].levels[0].name.es`), so the same path names a field in the
/// editing forms and a place in an imported file.
public struct ProtocolProblem: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case notJSON
        case tooLarge(limit: Int)
        case duplicateKey(String)
        case wrongFormat
        case unsupportedSchemaVersion(Int)
        case missingField
        case unknownField
        case wrongType(expected: String)
        case unknownLanguage(String)
        case unknownResponse(String)
        case noLanguage
        case duplicateLanguage
        case blocksWrong
        case missingText
        case tooLong(limit: Int)
        case tooMany(limit: Int)
        case markup
        case controlCharacters
        case badIdentifier
        case duplicateIdentifier(String)
        case noLevels
        case recommendedNotAllowed(ResponseKind)
        case assemblyNotAllowed(ResponseKind)
        case noHarmTypes
        case noCommitments
    }

    public let path: String
    public let kind: Kind

    public init(_ path: String, _ kind: Kind) {
        self.path = path
        self.kind = kind
    }

    public var description: String { "\(path.isEmpty ? "(file)" : path): \(message(in: .en))" }

    public func message(in language: Language) -> String {
        language == .es ? spanish : english
    }

    private var english: String {
        switch kind {
        case .notJSON: "This is not a JSON file, or it is cut short."
        case .tooLarge(let limit): "The file is larger than \(limit / 1000) kB, more than any protocol needs."
        case .duplicateKey(let key): "The key \"\(key)\" appears twice in the same object."
        case .wrongFormat: "This is not a Tejido protocol file (\"format\" must be \"tejido.protocol\")."
        case .unsupportedSchemaVersion(let version): "Schema version \(version) is not one this Tejido can read (it reads 1)."
        case .missingField: "This field is missing."
        case .unknownField: "This field is not part of the protocol format."
        case .wrongType(let expected): "This should be \(expected)."
        case .unknownLanguage(let code): "\"\(code)\" is not a language Tejido keeps (en, es)."
        case .unknownResponse(let name): "\"\(name)\" is not a response Tejido knows."
        case .noLanguage: "Choose at least one language for the protocol."
        case .duplicateLanguage: "A language is listed twice."
        case .blocksWrong: "A protocol has exactly three blocks: education, prevention and intervention, in that order."
        case .missingText: "Write this text; it cannot be empty."
        case .tooLong(let limit): "This text is longer than \(limit) characters. Shorten it or split it."
        case .tooMany(let limit): "There are more than \(limit) of these."
        case .markup: "Write plain text: HTML tags such as <script> or <b> are not accepted."
        case .controlCharacters: "This text contains invisible control or direction-changing characters."
        case .badIdentifier: "An id uses lower-case letters, digits and hyphens, up to 40 characters."
        case .duplicateIdentifier(let id): "The id \"\(id)\" is used twice."
        case .noLevels: "A type of harm needs at least one severity level."
        case .recommendedNotAllowed(let response):
            "\"\(ProtocolVocabulary.name(of: response, in: .en))\" is recommended but not allowed."
        case .assemblyNotAllowed(let response):
            "\"\(ProtocolVocabulary.name(of: response, in: .en))\" needs the assembly but is not allowed."
        case .noHarmTypes: "Name at least one type of harm before adopting the protocol."
        case .noCommitments: "Write at least one commitment in the co-existence agreement before adopting."
        }
    }

    private var spanish: String {
        switch kind {
        case .notJSON: "No es un archivo JSON, o está incompleto."
        case .tooLarge(let limit): "El archivo pesa más de \(limit / 1000) kB, más de lo que necesita un protocolo."
        case .duplicateKey(let key): "La clave \"\(key)\" aparece dos veces en el mismo objeto."
        case .wrongFormat: "No es un archivo de protocolo de Tejido (\"format\" debe ser \"tejido.protocol\")."
        case .unsupportedSchemaVersion(let version): "Esta versión de Tejido no lee la versión de esquema \(version) (lee la 1)."
        case .missingField: "Falta este campo."
        case .unknownField: "Este campo no forma parte del formato del protocolo."
        case .wrongType(let expected): "Aquí se espera \(Self.spanishType(expected))."
        case .unknownLanguage(let code): "\"\(code)\" no es un idioma que Tejido maneje (en, es)."
        case .unknownResponse(let name): "\"\(name)\" no es una respuesta que Tejido conozca."
        case .noLanguage: "Elige al menos un idioma para el protocolo."
        case .duplicateLanguage: "Un idioma aparece dos veces."
        case .blocksWrong: "Un protocolo tiene exactamente tres bloques: formación, prevención e intervención, en ese orden."
        case .missingText: "Escribe este texto; no puede quedar vacío."
        case .tooLong(let limit): "Este texto pasa de \(limit) caracteres. Acórtalo o divídelo."
        case .tooMany(let limit): "Hay más de \(limit) elementos aquí."
        case .markup: "Escribe texto sin formato: no se aceptan etiquetas HTML como <script> o <b>."
        case .controlCharacters: "Este texto contiene caracteres invisibles de control o de cambio de dirección."
        case .badIdentifier: "Un identificador usa minúsculas, cifras y guiones, hasta 40 caracteres."
        case .duplicateIdentifier(let id): "El identificador \"\(id)\" se usa dos veces."
        case .noLevels: "Un tipo de daño necesita al menos un nivel de gravedad."
        case .recommendedNotAllowed(let response):
            "\"\(ProtocolVocabulary.name(of: response, in: .es))\" está recomendada pero no admitida."
        case .assemblyNotAllowed(let response):
            "\"\(ProtocolVocabulary.name(of: response, in: .es))\" pide asamblea pero no está admitida."
        case .noHarmTypes: "Nombra al menos un tipo de daño antes de adoptar el protocolo."
        case .noCommitments: "Escribe al menos un compromiso en el acuerdo de convivencia antes de adoptarlo."
        }
    }

    private static func spanishType(_ english: String) -> String {
        switch english {
        case "text": "un texto"
        case "a list": "una lista"
        case "an object": "un objeto"
        case "a number": "un número"
        default: english
        }
    }
}
