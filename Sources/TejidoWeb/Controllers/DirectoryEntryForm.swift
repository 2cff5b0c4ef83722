import TejidoCore
import Vapor

/// The form for adding or changing an entry: what it reads, how it shows again with problems.
enum EntryForm {
    struct Fields: Content, EmptyInitializable {
        var kind: String?
        var name: String?
        var description: String?
        var country: String?
        var region: String?
        var city: String?
        var reach: String?
        var languages: String?
        var phone: String?
        var website: String?
        var address: String?
        var hours: String?
        var cost: String?
        var accessibility: String?
        var may_involve_police: String?
        var mandated_reporter: String?
        var asks_immigration_status: String?
        var confidential: String?
        var visibility: String?
        var verified_now: String?

        var values: [String: String] {
            [
                "kind": kind ?? "", "name": name ?? "", "description": description ?? "", "country": country ?? "",
                "region": region ?? "", "city": city ?? "", "reach": reach ?? "", "languages": languages ?? "",
                "phone": phone ?? "",
                "website": website ?? "", "address": address ?? "", "hours": hours ?? "", "cost": cost ?? "",
                "accessibility": accessibility ?? "", "may_involve_police": may_involve_police ?? "",
                "mandated_reporter": mandated_reporter ?? "", "asks_immigration_status": asks_immigration_status ?? "",
                "confidential": confidential ?? "", "visibility": visibility ?? "", "verified_now": verified_now ?? "",
            ]
        }

        /// The entry the form describes. The check date only moves when the person says they
        /// checked the details now; otherwise the previous check stands.
        func entry(now: Date, verifier: String, previous: DirectoryEntry?) throws -> DirectoryEntry {
            var row = values
            row["languages"] = row["languages"].map { DirectoryValidator.languages(from: $0).joined(separator: ",") }
            row["last_verified"] = ""
            switch DirectoryImport.entry(from: row, now: now) {
            case .failure(let error): throw error
            case .success(var entry):
                if verified_now == "1" {
                    entry.lastVerified = now
                    entry.verifiedBy = verifier
                } else {
                    entry.lastVerified = previous?.lastVerified
                    entry.verifiedBy = previous?.verifiedBy ?? ""
                }
                return entry
            }
        }
    }

    static func values(of entry: DirectoryEntry?) -> [String: String] {
        guard let entry else {
            return [
                "kind": "", "reach": "local", "visibility": "members", "may_involve_police": "unknown",
                "mandated_reporter": "unknown",
                "asks_immigration_status": "unknown", "confidential": "unknown",
            ]
        }
        var values = DirectoryFile.row(entry)
        values["languages"] = entry.languages.joined(separator: ", ")
        return values
    }

    static func render(
        _ req: Request, _ collective: CollectiveRecord, values: [String: String], action: String, problems: [FieldProblem] = []
    ) async throws -> Response {
        let form = problems.isEmpty ? FormState(values: values) : FormState(values: values, problems: problems, request: req)
        let page = DirectoryFormPage.build(collective: collective, action: action, form: form, req.pageContext)
        return req.page(page, titleKey: "directory_title", status: problems.isEmpty ? .ok : .unprocessableEntity)
    }
}
