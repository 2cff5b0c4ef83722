import Fluent
import Foundation

final class AgreementAcknowledgementRecord: Model, @unchecked Sendable {
    static let schema = "agreement_acknowledgements"

    @ID(key: .id) var id: UUID?
    @Parent(key: "collective_id") var collective: CollectiveRecord
    @Parent(key: "version_id") var version: ProtocolVersionRecord
    @Parent(key: "user_id") var user: UserRecord
    @Field(key: "acknowledged_at") var acknowledgedAt: Date

    init() {}

    init(collectiveID: UUID, versionID: UUID, userID: UUID, at date: Date) {
        self.$collective.id = collectiveID
        self.$version.id = versionID
        self.$user.id = userID
        self.acknowledgedAt = date
    }
}
