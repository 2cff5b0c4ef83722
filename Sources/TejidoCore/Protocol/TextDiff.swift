/// A word-level difference between two texts, for showing what changed inside a paragraph.
public enum TextDiff {
    public enum Change: Equatable, Sendable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// Above this many word pairs the comparison would be slow; the whole text is shown as replaced.
    static let comparisonLimit = 4_000_000

    /// Word by word within a paragraph; line by line for lists and anything with line breaks,
    /// where a word-level comparison would stitch unrelated items together.
    public static func words(from old: String, to new: String) -> [Change] {
        let byLine = old.contains("\n") || new.contains("\n")
        let a = byLine ? lines(old) : tokens(old)
        let b = byLine ? lines(new) : tokens(new)
        guard a.count * b.count <= comparisonLimit else {
            return merge([.removed(old), .added(new)].filter { !$0.text.isEmpty })
        }
        // Longest common subsequence, filled from the end so the walk below goes forwards.
        let width = b.count + 1
        var lengths = [Int](repeating: 0, count: (a.count + 1) * width)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i * width + j] =
                    a[i] == b[j]
                    ? lengths[(i + 1) * width + j + 1] + 1 : max(lengths[(i + 1) * width + j], lengths[i * width + j + 1])
            }
        }
        var changes: [Change] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                changes.append(.same(a[i]))
                i += 1
                j += 1
            } else if j < b.count, i == a.count || lengths[i * width + j + 1] >= lengths[(i + 1) * width + j] {
                changes.append(.added(b[j]))
                j += 1
            } else {
                changes.append(.removed(a[i]))
                i += 1
            }
        }
        return merge(changes)
    }

    /// Words and the whitespace between them, so joining the tokens gives the text back.
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var currentIsSpace = false
        for character in text {
            let isSpace = character.isWhitespace
            if !current.isEmpty, isSpace != currentIsSpace {
                tokens.append(current)
                current = ""
            }
            current.append(character)
            currentIsSpace = isSpace
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        if let last = lines.last { lines[lines.count - 1] = String(last.dropLast()) }
        return lines.filter { !$0.isEmpty }
    }

    /// Joins changes into runs a person can read: a lone space between two changes belongs to the
    /// change, and each run reads as everything removed, then everything added.
    private static func merge(_ input: [Change]) -> [Change] {
        var changes: [Change] = []
        for (index, change) in input.enumerated() {
            if case .same(let text) = change, text.allSatisfy(\.isWhitespace), index > 0, index < input.count - 1,
                input[index - 1].isChange, input[index + 1].isChange
            {
                changes += [.removed(text), .added(text)]
            } else {
                changes.append(change)
            }
        }
        var runs: [Change] = []
        var removed = ""
        var added = ""
        func flush() {
            if !removed.isEmpty { runs.append(.removed(removed)) }
            if !added.isEmpty { runs.append(.added(added)) }
            removed = ""
            added = ""
        }
        for change in changes {
            switch change {
            case .removed(let text): removed += text
            case .added(let text): added += text
            case .same:
                flush()
                runs.append(change)
            }
        }
        flush()
        return join(runs)
    }

    private static func join(_ changes: [Change]) -> [Change] {
        var merged: [Change] = []
        for change in changes {
            switch (merged.last, change) {
            case (.same(let a)?, .same(let b)): merged[merged.count - 1] = .same(a + b)
            case (.removed(let a)?, .removed(let b)): merged[merged.count - 1] = .removed(a + b)
            case (.added(let a)?, .added(let b)): merged[merged.count - 1] = .added(a + b)
            default: merged.append(change)
            }
        }
        return merged
    }
}

extension TextDiff.Change {
    var isChange: Bool {
        if case .same = self { return false }
        return true
    }

    public var text: String {
        switch self {
        case .same(let text), .removed(let text), .added(let text): text
        }
    }
}
