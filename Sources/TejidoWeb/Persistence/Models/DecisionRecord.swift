import Fluent
import Foundation
import TejidoCore

/// A proposal put to the collective and, once decided, its outcome and counts.
final class DecisionRecord: Model, @unchecked Sendable {
    static let schema = "decisions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "collective_id") var collective: CollectiveRecord
    @Field(key: "subject") var subjectValue: String
    /// The thing decided on, by kind: for a protocol adoption, the version's id.
    @Field(key: "subject_id") var subjectID: UUID
    @OptionalParent(key: "proposed_by") var proposedBy: UserRecord?
    @Field(key: "proposed_at") var proposedAt: Date
    @Field(key: "method") var methodValue: String
    @OptionalField(key: "outcome") var outcomeValue: String?
    @OptionalParent(key: "decided_by") var decidedBy: UserRecord?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "count_agree") var agree: Int?
    @OptionalField(key: "count_disagree") var disagree: Int?
    @OptionalField(key: "count_abstain") var abstain: Int?
    @OptionalField(key: "count_block") var block: Int?
    /// Consent's "concern": set by assembly decisions only.
    @OptionalField(key: "count_concern") var concern: Int?
    @OptionalField(key: "note") var note: String?

    init() {}

    init(collectiveID: UUID, subject: DecisionSubject, subjectID: UUID, proposedBy: UUID?, proposedAt: Date) {
        self.$collective.id = collectiveID
        self.subjectValue = subject.rawValue
        self.subjectID = subjectID
        self.$proposedBy.id = proposedBy
        self.proposedAt = proposedAt
        self.methodValue = DecisionMethod.recorded.rawValue
    }

    var outcome: DecisionOutcome? { outcomeValue.flatMap(DecisionOutcome.init(rawValue:)) }

    var counts: DecisionCounts? {
        guard let agree, let disagree, let abstain, let block else { return nil }
        return DecisionCounts(agree: agree, disagree: disagree, abstain: abstain, block: block)
    }
}
