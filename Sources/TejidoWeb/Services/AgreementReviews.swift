import Fluent
import Foundation
import TejidoCore
import Vapor

/// The review day of the agreement in force, and putting it on the assembly's agenda when it
/// comes: by the server's hourly job, and again whenever someone opens the agenda, so the item
/// does not wait for the hour. Whichever runs first puts it there; the unique key on (version,
/// day) turns every other attempt — another server, the same job twice — into nothing.
struct AgreementReviews {
    let database: any Database
    let now: Date

    func review(versionID: UUID) async throws -> AgreementReviewRecord? {
        try await AgreementReviewRecord.query(on: database).filter(\.$versionID == versionID).first()
    }

    /// Sets (or moves) the review day of the version in force. A new day may reach the agenda
    /// again; the day already raised does not.
    func set(_ day: Date, collectiveID: UUID, versionID: UUID, by userID: UUID) async throws {
        let row = try await review(versionID: versionID) ?? AgreementReviewRecord()
        row.collectiveID = collectiveID
        row.versionID = versionID
        row.reviewOn = day
        row.setBy = userID
        row.setAt = now
        do {
            try await row.save(on: database)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two people setting it at once: the first one's day stands; they can set it again.
            throw TejidoError.conflict(messageKey: "error_review_twice")
        }
    }

    /// Puts every review that has come due on its collective's agenda (only `collectiveID`'s
    /// when given) and returns how many items it added.
    @discardableResult
    func raiseDue(collectiveID: UUID? = nil) async throws -> Int {
        var query = AgreementReviewRecord.query(on: database).filter(\.$reviewOn <= now)
        if let collectiveID { query = query.filter(\.$collectiveID == collectiveID) }
        var raised = 0
        for review in try await query.all() where AgreementReview.isDue(review.reviewOn, now: now, calendar: .utc) {
            if try await raise(review) { raised += 1 }
        }
        return raised
    }

    private func raise(_ review: AgreementReviewRecord) async throws -> Bool {
        let already = try await AgreementReviewItemRecord.query(on: database).filter(\.$versionID == review.versionID)
            .filter(\.$reviewOn == review.reviewOn).count()
        guard already == 0,
            let collective = try await CollectiveRecord.find(review.collectiveID, on: database),
            // A version no longer in force is not reviewed: the collective has adopted another since.
            let adopted = try await ProtocolQueries(database: database, collectiveID: review.collectiveID).adopted(),
            adopted.version.id == review.versionID
        else { return false }
        let now = now
        do {
            try await database.transaction { db in
                let item = AssemblyItemRecord()
                item.source = AgendaSource.agreementReview.rawValue
                let itemID = try await AssemblyService.open(
                    item, collectiveID: review.collectiveID, method: collective.assemblySettings.method, now: now, on: db)
                let row = AgreementReviewItemRecord()
                row.collectiveID = review.collectiveID
                row.versionID = review.versionID
                row.reviewOn = review.reviewOn
                row.itemID = itemID
                row.raisedAt = now
                try await row.create(on: db)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Another server (or this one, a moment ago) raised it first; this attempt is undone whole.
            return false
        }
        return true
    }

    /// For the agenda: which items are reviews, and of which version number.
    static func versions(ofItems itemIDs: [UUID], on database: any Database) async throws -> [UUID: Int] {
        guard !itemIDs.isEmpty else { return [:] }
        let rows = try await AgreementReviewItemRecord.query(on: database).filter(\.$itemID ~~ itemIDs).all()
        guard !rows.isEmpty else { return [:] }
        let numbers = Dictionary(
            try await ProtocolVersionRecord.query(on: database).filter(\.$id ~~ rows.map(\.versionID)).all()
                .compactMap { version in version.id.map { ($0, version.number) } }, uniquingKeysWith: { a, _ in a })
        return Dictionary(
            rows.compactMap { row in numbers[row.versionID].map { (row.itemID, $0) } }, uniquingKeysWith: { a, _ in a })
    }
}

extension Application {
    /// Puts the agreement reviews that have come due on their collectives' agendas. The server
    /// runs it hourly, with case retention.
    public func raiseDueAgreementReviews() async throws -> Int {
        try await AgreementReviews(database: db, now: tejido.clock.now()).raiseDue()
    }
}
