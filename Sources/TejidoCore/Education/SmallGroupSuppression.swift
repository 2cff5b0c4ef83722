/// Which counts of a table broken down by group may be shown without revealing a small group.
///
/// A group smaller than the minimum is hidden. Hiding one group is not enough when a total is
/// shown beside the others: the hidden count is the total minus the rest. So, as statistical
/// offices do, a second group is hidden with it (the next-smallest one shown), and the total too
/// when the hidden groups together are still fewer than the minimum — otherwise the total minus
/// the shown groups would be a small group again. An empty group counts as small: "fewer than
/// the minimum" is true of it, and treating it alike keeps the rule simple to explain.
public struct SmallGroupSuppression<Group: Hashable & Sendable>: Sendable {
    public let minimum: Int

    public init(minimum: Int) {
        self.minimum = minimum
    }

    public struct Visible: Sendable, Equatable {
        /// The groups whose counts may be shown.
        public let groups: Set<Group>
        /// Whether the total over every group may be shown.
        public let total: Bool
    }

    /// `sizes` are the number of people in each group, in a stable order (ties between equally
    /// small groups are broken by it, so the same table always hides the same groups).
    public func visible(_ sizes: [(group: Group, size: Int)]) -> Visible {
        var hidden = Set(sizes.filter { $0.size < minimum }.map(\.group))
        let total = sizes.reduce(0) { $0 + $1.size }
        var totalShown = total >= minimum
        if totalShown && hidden.count == 1 {
            // One hidden group beside a shown total would be the total minus the others.
            let shown = sizes.filter { !hidden.contains($0.group) }
            if let nextSmallest = shown.min(by: { $0.size < $1.size }) { hidden.insert(nextSmallest.group) }
        }
        let hiddenTogether = sizes.filter { hidden.contains($0.group) }.reduce(0) { $0 + $1.size }
        if !hidden.isEmpty && hiddenTogether < minimum { totalShown = false }
        return Visible(groups: Set(sizes.map(\.group)).subtracting(hidden), total: totalShown)
    }
}
