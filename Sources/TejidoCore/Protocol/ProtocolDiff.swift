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
        self.items = items
    }
}
