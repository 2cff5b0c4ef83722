import Fluent
import Foundation
import TejidoCore

/// Referrals to care for everyone involved, each side reading only its own people's.
extension CaseService {
    func careReferrals(_ file: CaseFile, for reader: CaseFile.Person) async throws -> [(CareReferral, Date)] {
        try await CaseCareReferralRecord.query(on: database).filter(\.$caseFile.$id == file.id).sort(\.$createdAt).all()
            .compactMap { row in
                guard let id = row.id, let referral = file.open(CareReferral.self, row.body, field: "care", row: id),
                    referral.forWhom.isVisible(to: reader.role)
                else { return nil }
                return (referral, row.createdAt)
            }
    }

    func referToCare(
        _ file: CaseFile, _ raw: CareReferral, offered: Set<UUID>, by reader: CaseFile.Person, userID: UUID
    )
        async throws
    {
        var referral = try raw.validated(by: reader.role)
        if let entry = referral.entryID, !offered.contains(entry) {
            throw TejidoError.invalid([FieldProblem(field: "entry", messageKey: "error_proposal_support_entry")])
        }
        referral.author = reader.id
        let row = CaseCareReferralRecord()
        let id = UUID()
        row.id = id
        row.$caseFile.id = file.id
        row.body = try file.vault.seal(referral, field: "care", row: id)
        row.createdAt = now
        try await commit(file, .referredToCare, by: userID) { db in try await row.create(on: db) }
    }
}
