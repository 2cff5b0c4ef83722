/// What changed between two versions of a protocol, place by place.
public struct ProtocolDiff: Equatable, Sendable {
    public enum Kind: String, Sendable {
        case added, removed, changed
    }

    public struct Item: Equatable, Sendable {
        public let key: String
        public let place: String
        public let kind: Kind
        public let changes: [TextDiff.Change]
    }

    public let items: [Item]

    public var isEmpty: Bool { items.isEmpty }

    public init(from old: ProtocolDocument, to new: ProtocolDocument, in reader: Language) {
        let before = ProtocolOutline.entries(of: old, in: reader)
        let after = ProtocolOutline.entries(of: new, in: reader)
        let oldByKey = Dictionary(before.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let newKeys = Set(after.map(\.key))
        var items: [Item] = []
        for entry in after {
            guard let previous = oldByKey[entry.key] else {
                if !entry.text.isEmpty {
                    items.append(Item(key: entry.key, place: entry.place, kind: .added, changes: [.added(entry.text)]))
                }
                continue
            }
            if previous.text != entry.text {
                items.append(
                    Item(
                        key: entry.key, place: entry.place, kind: .changed,
                        changes: TextDiff.words(from: previous.text, to: entry.text)))
            }
        }
        for entry in before where !newKeys.contains(entry.key) && !entry.text.isEmpty {
            items.append(Item(key: entry.key, place: entry.place, kind: .removed, changes: [.removed(entry.text)]))
        }
        items += Self.reorderings(from: old, to: new, in: reader)
        self.items = items
    }

    /// Lists whose items kept their ids but changed places: levels run from least to most severe,
    /// so a new order is a real change even when no word changed.
    static func reorderings(from old: ProtocolDocument, to new: ProtocolDocument, in reader: Language) -> [Item] {
        let word = { (heading: ProtocolVocabulary.Heading) in ProtocolVocabulary.heading(heading, in: reader) }
        var lists: [(key: String, place: String, old: [(String, String)], new: [(String, String)])] = []
        func names(_ items: [(id: String, name: LocalizedText)], _ document: ProtocolDocument) -> [(String, String)] {
            items.map { ($0.id, $0.name.text(in: reader, fallbacks: document.languages)) }
        }
        for block in new.blocks {
            guard let previous = old.block(block.kind) else { continue }
            lists.append(
                (
                    "block.\(block.kind.rawValue).order", ProtocolVocabulary.name(of: block.kind, in: reader),
                    names(previous.considerations.map { ($0.id, $0.title) }, old),
                    names(block.considerations.map { ($0.id, $0.title) }, new)
                ))
        }
        lists.append(
            (
                "harms.order", word(.harmTypes), names(old.harmTypes.map { ($0.id, $0.name) }, old),
                names(new.harmTypes.map { ($0.id, $0.name) }, new)
            ))
        for harm in new.harmTypes {
            guard let previous = old.harmType(harm.id) else { continue }
            lists.append(
                (
                    "harm.\(harm.id).levels.order",
                    "\(word(.harmTypes)) › \(harm.name.text(in: reader, fallbacks: new.languages)) › \(word(.levels))",
                    names(previous.levels.map { ($0.id, $0.name) }, old), names(harm.levels.map { ($0.id, $0.name) }, new)
                ))
        }
        return lists.compactMap { list in
            let common = Set(list.old.map(\.0)).intersection(list.new.map(\.0))
            let before = list.old.filter { common.contains($0.0) }
            let after = list.new.filter { common.contains($0.0) }
            guard before.map(\.0) != after.map(\.0) else { return nil }
            let oldText = before.map(\.1).joined(separator: "\n")
            let newText = after.map(\.1).joined(separator: "\n")
            return Item(
                key: list.key, place: "\(list.place) (\(word(.order)))", kind: .changed,
                changes: [.removed(oldText), .added(newText)])
        }
    }
}
