import TejidoCore
import Vapor

extension Request {
    /// The version named by `?version=` (or the route's number), else the one in force — or, before
    /// any adoption, the latest draft. Unknown numbers are simply not found.
    func protocolVersion(of collective: CollectiveRecord, number: Int? = nil) async throws -> ProtocolVersionRecord {
        let queries = ProtocolQueries(database: db, collectiveID: try collective.requireID())
        if let number = number ?? query[Int.self, at: "version"] {
            guard let version = try await queries.version(number: number) else { throw TejidoError.notFound }
            return version
        }
        if let adopted = try await queries.adopted() { return adopted.version }
        guard let latest = try await queries.latest() else { throw TejidoError.notFound }
        return latest
    }

    /// The protocol language to show: `?lang=` if the protocol keeps it, else the reader's own when
    /// kept, else the protocol's first.
    func protocolLanguage(for document: ProtocolDocument) -> Language {
        if let asked = query[String.self, at: "lang"].flatMap(Language.init(rawValue:)), document.languages.contains(asked) {
            return asked
        }
        return document.displayLanguage(for: context.language)
    }

    /// Whether the actor may do `action` in `collective` — for offering links, never for guarding.
    func may(_ action: AccessAction, in collective: CollectiveRecord) -> Bool {
        guard let id = collective.id else { return false }
        return AccessPolicy.decide(context.actor, action, .collective(id: id)).isAllowed
    }
}

/// Switch links between the languages a protocol is kept in; the help page uses one for its
/// other language.
struct LanguageLink {
    let label: String
    let href: String
    let lang: String
    let current: Bool

    static func links(for document: ProtocolDocument, current: Language, base: String) -> [LanguageLink] {
        guard document.languages.count > 1 else { return [] }
        let separator = base.contains("?") ? "&" : "?"
        return document.languages.map {
            LanguageLink(
                label: ProtocolVocabulary.languageName($0, in: $0), href: "\(base)\(separator)lang=\($0.rawValue)",
                lang: $0.rawValue,
                current: $0 == current)
        }
    }
}
