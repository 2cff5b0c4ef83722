import Fluent
import Foundation
import TejidoCore

/// One collective. Every other record hangs from exactly one of these.
final class CollectiveRecord: Model, @unchecked Sendable {
    static let schema = "collectives"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "slug") var slug: String
    @OptionalField(key: "exit_url") var exitURL: String?
    @Field(key: "created_at") var createdAt: Date
    /// Whether the adopted protocol has a public page, readable without an account.
    @Field(key: "protocol_published") var protocolPublished: Bool
    /// Days a closed or withdrawn case is kept before it is deleted on its own.
    @Field(key: "case_retention_days") var caseRetentionDays: Int
    /// How the assembly decides: `AssemblySettings.Method`.
    @Field(key: "decision_method") var decisionMethod: String
    @Field(key: "quorum_percent") var quorumPercent: Int
    @Field(key: "hide_positions") var hidePositions: Bool

    init() {}

    init(id: UUID? = nil, name: String, slug: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.slug = slug
        self.createdAt = createdAt
        self.protocolPublished = false
        self.caseRetentionDays = 730
        self.decisionMethod = AssemblySettings.Method.consent.rawValue
        self.quorumPercent = 50
        self.hidePositions = false
    }
}

extension CollectiveRecord {
    var assemblySettings: AssemblySettings {
        AssemblySettings(
            method: AssemblySettings.Method(rawValue: decisionMethod) ?? .consent, quorumPercent: quorumPercent,
            hidePositions: hidePositions)
    }
}
