import Foundation

/// What the care team sees of reflections: counts over a rolling window of months, by side, with
/// every count that would reveal a group smaller than the minimum left out.
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

    public static let windows = [6, 12, 24]
    public static let defaultWindow = 12

    /// How many people gave a reflection on each side, nil where hidden.
    public let people: Line
    public let heard: [Line]
    public let clear: [Line]
    public let changes: [Line]
    public let hiddenSides: [Reflection.Side]

    /// "2026-03": how a reflection's month is kept, and nothing finer.
    public static func month(of date: Date, calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month], from: date)
        return String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0)
    }

    /// The months of the window of `count` months that ends with the month of `now`.
    public static func months(count: Int, endingAt now: Date, calendar: Calendar) -> Set<String> {
        Set(
            (0..<max(count, 1)).compactMap { back in
                calendar.date(byAdding: .month, value: -back, to: now).map { month(of: $0, calendar: calendar) }
            })
    }

    public init(_ answers: [Answer], months: Set<String>, minimum: Int) {
        let inWindow = answers.filter { months.contains($0.month) }
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
