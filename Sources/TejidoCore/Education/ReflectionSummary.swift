import Foundation

/// What the care team sees of reflections: counts over a rolling window — the last four complete
/// calendar quarters — by side, with every count that would reveal a group smaller than the
/// minimum left out.
///
/// A rolling window invites subtraction: whoever reads the page before and after someone answers
/// (or compares this quarter's window with last quarter's) learns the difference. So the window
/// holds only complete quarters, which never change once over, and a quarter's answers from one
/// side are counted only when there are at least the minimum of them. Any difference between two
/// windows is then a whole group of at least the minimum, never one person's answers.
public struct ReflectionSummary: Sendable, Equatable {
    /// One reflection as stored: the month it was given, the side of the person, the answers.
    public struct Answer: Sendable, Equatable {
        public let month: String
        public let side: Reflection.Side
        public let reflection: Reflection

        public init(month: String, side: Reflection.Side, reflection: Reflection) {
            self.month = month
            self.side = side
            self.reflection = reflection
        }
    }

    /// One line of the table: counts by side and in total, nil where hidden.
    public struct Line: Sendable, Equatable {
        public let key: String
        public let bySide: [Reflection.Side: Int]
        public let total: Int?
    }

    /// How many complete quarters the window holds.
    public static let quarters = 4

    /// How many people gave a reflection on each side, nil where hidden.
    public let people: Line
    public let heard: [Line]
    public let clear: [Line]
    public let changes: [Line]
    public let hiddenSides: [Reflection.Side]
    /// Answers in the window not counted, because their quarter and side had too few of them.
    public let heldBack: Int

    /// "2026-03": how a reflection's month is kept, and nothing finer.
    public static func month(of date: Date, calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month], from: date)
        return String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0)
    }

    /// The months of the last `quarters` complete calendar quarters before the one `now` is in.
    public static func window(before now: Date, calendar: Calendar) -> Set<String> {
        let parts = calendar.dateComponents([.year, .month], from: now)
        let monthIndex = (parts.year ?? 0) * 12 + (parts.month ?? 1) - 1
        let quarterStart = monthIndex - monthIndex % 3
        return Set(
            (1...(quarters * 3)).map { back in
                let index = quarterStart - back
                return String(format: "%04d-%02d", index / 12, index % 12 + 1)
            })
    }

    /// "2026-Q4" for "2026-11": the group a month's answers are counted in.
    static func quarter(of month: String) -> String {
        let parts = month.split(separator: "-")
        guard parts.count == 2, let number = Int(parts[1]) else { return month }
        return "\(parts[0])-Q\((number - 1) / 3 + 1)"
    }

    public init(_ answers: [Answer], months: Set<String>, minimum: Int) {
        // A quarter's answers from one side count only once there are at least the minimum.
        let windowed = answers.filter { months.contains($0.month) }
        let buckets = Dictionary(grouping: windowed) { "\(Self.quarter(of: $0.month))|\($0.side.rawValue)" }
        let inWindow = windowed.filter { (buckets["\(Self.quarter(of: $0.month))|\($0.side.rawValue)"]?.count ?? 0) >= minimum }
        heldBack = windowed.count - inWindow.count
        let sides = Reflection.Side.allCases
        let sizes = sides.map { side in (group: side, size: inWindow.filter { $0.side == side }.count) }
        let visible = SmallGroupSuppression<Reflection.Side>(minimum: minimum).visible(sizes)
        func line(_ key: String, _ counts: (Answer) -> Bool) -> Line {
            var bySide: [Reflection.Side: Int] = [:]
            for side in sides where visible.groups.contains(side) {
                bySide[side] = inWindow.filter { $0.side == side && counts($0) }.count
            }
            return Line(key: key, bySide: bySide, total: visible.total ? inWindow.filter(counts).count : nil)
        }
        people = line("people") { _ in true }
        heard = Reflection.Scale.allCases.map { scale in line(scale.rawValue) { $0.reflection.heard == scale } }
        clear = Reflection.Scale.allCases.map { scale in line(scale.rawValue) { $0.reflection.clear == scale } }
        changes = Reflection.Change.allCases.map { change in line(change.rawValue) { $0.reflection.changes.contains(change) } }
        hiddenSides = sides.filter { !visible.groups.contains($0) }
    }
}
