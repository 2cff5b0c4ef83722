import TejidoCore
import Vapor

/// Every saved version of the protocol, who saved it and when, its decisions, and the
/// differences between any two.
struct ProtocolHistoryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.protocolVersionsPattern, use: versions)
        routes.get(SiteURL.protocolDiffPattern, use: diff)
    }

    struct VersionsView: Encodable {
        struct Row: Encodable {
            let number: Int
            let href: String
            let author: String
            let saved: String
            let note: String?
            let status: String?
        }
        struct Decision: Encodable {
            let number: Int
            let proposedBy: String
            let proposed: String
            let outcome: String
            let counts: String?
            let decidedBy: String?
            let note: String?
        }
        let rows: [Row]
        let decisions: [Decision]
        let diffAction: String
        let from: Int
        let to: Int
        let backHref: String
    }

    func versions(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewProtocol)
        let queries = ProtocolQueries(database: req.db, collectiveID: try collective.requireID())
        let all = try await queries.all()
        let decisions = try await queries.adoptionDecisions()
        let dates = DateFormatting(language: req.context.language)
        let numbers = Dictionary(
            all.compactMap { record in record.id.map { ($0, record.number) } }, uniquingKeysWith: { a, _ in a })
        let current = try await queries.adopted()?.version.number
        let rows = all.map { record in
            let adopted = decisions.contains { $0.subjectID == record.id && $0.outcome == .adopted }
            let status: String? =
                record.number == current
                ? req.t("protocol_version_in_force") : adopted ? req.t("protocol_version_was_adopted") : nil
            return VersionsView.Row(
                number: record.number, href: SiteURL.protocolVersion(slug: collective.slug, number: "\(record.number)").path,
                author: record.author?.username ?? req.t("former_member"), saved: dates.dayAndTime(record.createdAt),
                note: record.note, status: status)
        }
        let rowsOfDecisions = decisions.map { decision in
            VersionsView.Decision(
                number: numbers[decision.subjectID] ?? 0, proposedBy: decision.proposedBy?.username ?? req.t("former_member"),
                proposed: dates.day(decision.proposedAt),
                outcome: req.t("decision_outcome_\(decision.outcome?.rawValue ?? "open")"),
                counts: decision.counts.map {
                    req.t(
                        "decision_counts",
                        [
                            "agree": "\($0.agree)", "disagree": "\($0.disagree)", "abstain": "\($0.abstain)",
                            "block": "\($0.block)",
                        ])
                }, decidedBy: decision.decidedBy?.username, note: decision.note)
        }
        let latest = all.first?.number ?? 1
        return try await req.page(
            "pages/protocol-versions", titleKey: "protocol_versions_title",
            VersionsView(
                rows: rows, decisions: rowsOfDecisions, diffAction: SiteURL.protocolDiff(slug: collective.slug).path,
                from: current.map { $0 == latest ? max(1, latest - 1) : $0 } ?? max(1, latest - 1), to: latest,
                backHref: SiteURL.protocolHome(slug: collective.slug).path))
    }

    struct DiffView: Encodable {
        struct Item: Encodable {
            let place: String
            let kind: String
            let kindLabel: String
            let segments: [Segment]
        }
        struct Segment: Encodable {
            let kind: String
            let text: String
        }
        let from: Int
        let to: Int
        let heading: String
        let items: [Item]
        let versionsHref: String
        let numbers: [Int]
        let action: String
    }

    func diff(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewProtocol)
        let queries = ProtocolQueries(database: req.db, collectiveID: try collective.requireID())
        guard let latest = try await queries.latest() else { throw TejidoError.notFound }
        let to = req.query[Int.self, at: "to"] ?? latest.number
        let from = req.query[Int.self, at: "from"] ?? max(1, to - 1)
        guard let old = try await queries.version(number: from), let new = try await queries.version(number: to) else {
            throw TejidoError.notFound
        }
        let diff = ProtocolDiff(from: try old.document(), to: try new.document(), in: req.context.language)
        let items = diff.items.map { item in
            DiffView.Item(
                place: item.place, kind: item.kind.rawValue, kindLabel: req.t("diff_\(item.kind.rawValue)"),
                segments: item.changes.map { change in
                    switch change {
                    case .same(let text): DiffView.Segment(kind: "same", text: text)
                    case .added(let text): DiffView.Segment(kind: "added", text: text)
                    case .removed(let text): DiffView.Segment(kind: "removed", text: text)
                    }
                })
        }
        return try await req.page(
            "pages/protocol-diff", titleKey: "protocol_diff_title",
            DiffView(
                from: from, to: to, heading: req.t("protocol_diff_heading", ["from": "\(from)", "to": "\(to)"]), items: items,
                versionsHref: SiteURL.protocolVersions(slug: collective.slug).path,
                numbers: Array((1...latest.number).reversed()),
                action: SiteURL.protocolDiff(slug: collective.slug).path))
    }
}
