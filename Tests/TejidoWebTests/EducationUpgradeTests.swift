import Fluent
import Foundation
import SQLKit
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

/// A database made by the release before education and prevention (every migration up to
/// M0021) upgrades with its data intact, and the new parts work on it at once.
@Suite("Upgrading to education and prevention")
struct EducationUpgradeTests {
    /// The migrations this release adds, newest first, as they are reverted.
    static func added(_ app: Application) -> [any AsyncMigration] {
        [
            M0025_CreateAgreementReviewsAndReflections(), M0024_CreateLessons(), M0023_CreateActivities(), M0022_CreateSkills(),
        ]
    }

    @Test("a previous release's collective, members and case survive the new migrations, which then work")
    func upgradesPreviousRelease() async throws {
        try await withTejido { app, _ in
            for migration in Self.added(app) { try await migration.revert(on: app.db) }
            // The previous release's data, made through its own forms.
            let p = try await CaseTests.people(app)
            let before = try await p.sofi.get(p.caseURL)
            #expect(before.text.contains("ZQ-NARRATIVE-7781"))

            for migration in Self.added(app).reversed() { try await migration.prepare(on: app.db) }
            #expect(try await p.sofi.get(p.caseURL).text.contains("ZQ-NARRATIVE-7781"), "the old case opens as before")
            #expect(try await p.ana.get("/c/casa").text.contains("Who is prepared for what"))
            let skills = try await p.beto.get("/c/casa/skills")
            #expect(skills.status == .ok && skills.text.contains("Child safeguarding"))
            #expect(try await p.ana.get("/c/casa").text.contains("Activities and groups"))
            #expect(
                try await p.beto.post("/c/casa/activities/new", ["kind": "study_group", "title": "Readers"]).status == .seeOther)
        }
    }
}
