import Fluent
import Foundation
import TejidoCore

/// Referrals to care for everyone involved, each side reading only its own people's.
extension CaseService {
    func careReferrals(_ file: CaseFile, for reader: CaseFile.Person) async throws -> [(CareReferral, Date)] {
        let rows = try await CaseCareReferralRecord.query(on: database).filter(\.$caseFile.$id == file.id)
            .sort(\.$createdAt).all()
        return file.opened(rows, as: CareReferral.self, field: "care").filter {
            CaseReading(participant: reader.id, reader.participation).reads($0.value)
        }
        .map { ($0.value, $0.row.createdAt) }
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
        let row = try sealedRow(CaseCareReferralRecord.self, in: file, referral, field: "care")
        try await commit(file, .referredToCare, by: userID) { db in try await row.create(on: db) }
    }
}
