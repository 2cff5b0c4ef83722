import Foundation
import TejidoCore
import Testing
import VaporTesting

@testable import TejidoWeb

@Suite("Two languages")
struct LocalizationTests {
    static let catalog = try! Catalog.load(directory: packageRoot + "Resources/Localization")

    /// Keys built at run time from a value ("role_" + role), which a text search cannot see.
    static let dynamicKeys: [String] =
        CollectiveRole.allCases.map { "role_\($0.rawValue)" } + Language.allCases.map { "language_name_\($0.rawValue)" }
        + AuthController.notices.map { "notice_\($0)" }
        + ["nav_about_neutral", "nav_home_neutral"]
        + ["members", "invites", "settings", "protocol", "directory", "help_page", "cases", "needs_me", "assembly"].flatMap {
            ["tool_\($0)", "tool_\($0)_description"]
        }
        + ["adopted", "not_adopted", "withdrawn", "open", "no_quorum"].map { "decision_outcome_\($0)" }
        + DecisionOutcome.recordable.map { "decision_choice_\($0.rawValue)" }
        + DecisionOutcome.allCases.map { "assembly_outcome_\($0.rawValue)" }
        + AssemblySettings.Method.allCases.flatMap {
            ["assembly_method_\($0.rawValue)", "assembly_method_\($0.rawValue)_hint", "assembly_counts_\($0.rawValue)"]
        }
        + Position.allCases.flatMap { ["position_\($0.rawValue)", "position_\($0.rawValue)_hint"] }
        + ["motion", "case", "protocol"].map { "assembly_source_\($0)" }
        // Issue 17: the agreement's review on the agenda, the reflection's choices and sides, the tool.
        + AgendaSource.allCases.map { "assembly_source_\($0.rawValue)" }
        + Reflection.Scale.allCases.map { "reflection_scale_\($0.rawValue)" }
        + Reflection.Change.allCases.map { "reflection_change_\($0.rawValue)" }
        + Reflection.Side.allCases.map { "reflection_side_\($0.rawValue)" }
        + ["tool_reflections", "tool_reflections_description"]
        // Issue 18: consent-given alerts.
        + ["tool_received_alerts", "tool_received_alerts_description"]
        + AlertFields.Response.allCases.map { "alert_response_\($0.rawValue)" }
        + SentAlertState.allCases.map { "alert_state_\($0.rawValue)" }
        + ["record_assembly_raised", "record_assembly_decided"]
        + ["record_proposal_written", "record_proposal_accepted", "record_commitment_added", "case_link_proposal"]
        + ["case_link_commitments"]
        + ChangeProposal.fields.flatMap { ["proposal_\($0)", "proposal_\($0)_hint", "proposal_read_\($0)"] }
        + ChangeProposal.required.map { "error_proposal_\($0)" }
        + Commitment.Kind.allCases.map { "commitment_kind_\($0.rawValue)" }
        + CommitmentState.allCases.map { "commitment_state_\($0.rawValue)" }
        + CommitmentReminder.allCases.map { "reminder_\($0.rawValue)" }
        + AccessAction.allCases.filter(\.isCaseAction).map { "case_act_\($0.rawValue)" }
        + FormText.Problem.allCases.map { "error_form_text_\($0.rawValue)" }
        + ["log_tried", "log_tried_page", "log_wish_lifted", "log_wish_put_back", "record_wish_lifted_for"]
        + ["record_reclassified", "case_outside_collective", "case_outside_collective_kept"]
        + CheckIn.Progress.allCases.map { "progress_\($0.rawValue)" }
        + ProgressView.allCases.map { "progress_view_\($0.rawValue)" }
        + CaseOutcome.Kind.allCases.map { "outcome_kind_\($0.rawValue)" } + ["record_outcome"]
        + ["record_mediator_invited", "record_mediator_revoked", "case_link_mediators", "mediator_author", "case_link_care"]
        + CareReferral.ForWhom.allCases.map { "care_for_\($0.rawValue)" }
        + ["waiting", "active", "expired", "revoked"].map { "mediator_status_\($0)" }
        + ["added", "removed", "changed"].map { "diff_\($0)" }
        + ["agreement", "print", "markdown", "json", "draft", "concerns", "acknowledgements"].map { "protocol_link_\($0)" }
        + Reach.allCases.map { "directory_reach_\($0.rawValue)" }
        + SafetyAnswer.allCases.map { "directory_answer_\($0.rawValue)" }
        + ["may_involve_police", "mandated_reporter", "asks_immigration_status", "confidential"].map { "directory_safety_\($0)" }
        + HelpPageText.sections.flatMap { ["help_heading_\($0)", "help_default_\($0)"] }
        + ["unterminatedQuote", "quoteInsideField", "textAfterClosingQuote"].map { "error_directory_csv_\($0)" }
        + ["error_directory_kind", "error_directory_choice", "error_directory_file_large", "error_directory_file_empty"]
        + ["error_directory_file_encoding", "error_directory_columns_unknown", "error_directory_columns_missing"]
        + ["error_directory_columns_repeated", "error_directory_rows", "error_directory_json", "error_directory_json_duplicate"]
        + [
            "error_directory_json_format", "error_directory_json_version", "error_directory_field_count",
            "error_directory_row_shape",
        ]
        + ["error_directory_date", "error_directory_name", "error_directory_too_long", "error_directory_markup"]
        + ["error_directory_control", "error_directory_website", "error_directory_languages", "error_directory_future"]
        + CaseRole.allCases.map { "case_role_\($0.rawValue)" }
        + CaseStage.allCases.flatMap { ["stage_\($0.rawValue)", "stage_\($0.rawValue)_hint"] }
        + CaseWishes.Want.allCases.flatMap { ["want_\($0.rawValue)", "want_\($0.rawValue)_hint"] }
        + CaseWishes.Limit.allCases.flatMap { ["limit_\($0.rawValue)", "limit_\($0.rawValue)_hint"] }
        + CaseConsent.Manner.allCases.map { "manner_\($0.rawValue)" }
        + CaseConsent.Scope.allCases.map { "consent_scope_\($0.rawValue)" }
        + EntryKind.allCases.map { "entry_kind_\($0.rawValue)" } + EntryVisibility.allCases.map { "visibility_\($0.rawValue)" }
        + CaseAccessKind.allCases.map { "log_\($0.rawValue)" }
        + SafetyPlan.fields.flatMap { ["safety_\($0)", "safety_\($0)_hint"] }
        + ["wishes", "people", "safety", "consents", "assembly", "classify", "log", "withdraw", "delete"].map {
            "case_link_\($0)"
        }
        + [
            "record_wishes_changed", "record_person_added", "record_person_removed", "record_classified",
            "record_stage_moved", "record_paused", "record_resumed", "record_withdrawn", "record_consent_given",
            "record_consent_revoked", "record_claimed",
        ]

    /// Every key a template or the code names.
    static func referencedKeys() throws -> Set<String> {
        var keys = Set(dynamicKeys)
        let manager = FileManager.default
        func scan(_ folder: String, _ pattern: String) throws {
            let regex = try NSRegularExpression(pattern: pattern)
            for case let file as String in manager.enumerator(atPath: packageRoot + folder)! {
                guard file.hasSuffix(".swift") else { continue }
                let text = try String(contentsOfFile: packageRoot + folder + "/" + file, encoding: .utf8)
                for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    keys.insert(String(text[Range(match.range(at: 1), in: text)!]))
                }
            }
        }
        try scan("Sources", #"(?:messageKey|titleKey): "([a-z0-9_]+)""#)
        try scan("Sources", #"\b[tp]\("([a-z0-9_]+)"[,)]"#)
        try scan("Sources", #"return \(\.[a-zA-Z]+, "([a-z0-9_]+)"\)"#)
        return keys
    }

    /// Every string literal in the code, and the fixed beginnings of keys put together at run time
    /// (`p("case_role_\(role)")` begins "case_role_").
    static func literalsInCode() throws -> (whole: Set<String>, prefixes: Set<String>) {
        var whole: Set<String> = [], prefixes: Set<String> = []
        let literal = try NSRegularExpression(pattern: #""([a-z][a-z0-9_]*)(\\\(|")"#)
        for case let file as String in FileManager.default.enumerator(atPath: packageRoot + "Sources")!
        where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: packageRoot + "Sources/" + file, encoding: .utf8)
            for match in literal.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let value = String(text[Range(match.range(at: 1), in: text)!])
                if text[Range(match.range(at: 2), in: text)!] == "\"" { whole.insert(value) } else { prefixes.insert(value) }
            }
        }
        return (whole, prefixes)
    }

    @Test("every key in the catalogs is used by some page or message")
    func noUnusedKeys() throws {
        let (whole, prefixes) = try Self.literalsInCode()
        let named = Set(Self.dynamicKeys).union(whole)
        let unused = Self.catalog.table(.en).keys.filter { key in
            // Only a prefix ending in "_" names a family of keys; a class name such as "field" does not.
            !named.contains(key) && !prefixes.contains { $0.hasSuffix("_") && key.hasPrefix($0) }
        }
        #expect(unused.sorted() == [], "catalog keys nothing uses")
    }

    @Test("both languages have exactly the same keys, none empty")
    func sameKeys() {
        let english = Set(Self.catalog.table(.en).keys), spanish = Set(Self.catalog.table(.es).keys)
        #expect(english.subtracting(spanish).isEmpty, "missing in Spanish: \(english.subtracting(spanish).sorted())")
        #expect(spanish.subtracting(english).isEmpty, "missing in English: \(spanish.subtracting(english).sorted())")
        for language in Language.allCases {
            #expect(Self.catalog.table(language).values.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        }
    }

    @Test("every key used by a template or the code exists in both languages")
    func everyReferencedKeyExists() throws {
        let keys = try Self.referencedKeys()
        #expect(keys.count > 100)
        for language in Language.allCases {
            let missing = keys.filter { Self.catalog.table(language)[$0] == nil }
            #expect(missing.isEmpty, "\(language) is missing \(missing.sorted())")
        }
    }

    @Test("a Spanish browser gets Spanish pages")
    func acceptLanguage() async throws {
        try await withTejido { app, _ in
            let page = try await TestBrowser(app, headers: ["Accept-Language": "es-MX,es;q=0.9"]).get("/login").text
            #expect(page.contains("<html lang=\"es\">"))
            #expect(page.contains("Salir de esta página"))
            #expect(page.contains("Frase de acceso"))
        }
    }

    @Test("choosing a language sticks for a visitor and is saved on the account")
    func switching() async throws {
        try await withTejido { app, _ in
            _ = try await Fixtures.collective(app, "Casa", admin: "ana")
            let visitor = TestBrowser(app, headers: ["Accept-Language": "en"])
            let switched = try await visitor.post("/language", ["lang": "es", "next": "/about"])
            #expect(switched.location == "/about")
            #expect(try await visitor.get("/about").text.contains("Acerca de Tejido"))

            let ana = TestBrowser(app, headers: ["Accept-Language": "en"])
            try await ana.signIn("ana")
            let offSite = try await ana.post("/language", ["lang": "es", "next": "//evil.example"])
            #expect(offSite.location == "/", "a `next` pointing off the site is not followed")
            let elsewhere = TestBrowser(app, headers: ["Accept-Language": "en"])
            try await elsewhere.signIn("ana")
            #expect(try await elsewhere.get("/account").text.contains("Tu cuenta"), "the account remembers the choice")
        }
    }

    @Test("errors are shown in the reader's language")
    func errorsInSpanish() async throws {
        try await withTejido { app, _ in
            let browser = TestBrowser(app, headers: ["Accept-Language": "es"])
            let page = try await browser.post("/setup", ["collective": "", "username": "", "passphrase": "", "confirmation": ""])
                .text
            #expect(page.contains("Ponle al colectivo un nombre de 2 a 80 caracteres."))
            #expect(try await browser.get("/nada").text.contains("Esta página no existe"))
        }
    }
}

@Suite("Counts that agree with their number")
struct PluralTests {
    @Test("a word follows its number in either language")
    func agreement() {
        let catalog = LocalizationTests.catalog
        let one = ["agree": "2", "abstain": "1", "concern": "0", "block": "1"]
        #expect(
            catalog.string("assembly_counts_consent", .es, one)
                == "2 de acuerdo, 1 abstención, 0 preocupaciones, 1 bloqueo")
        #expect(catalog.string("assembly_counts_consent", .en, one).contains("0 raised concerns"))
        #expect(Catalog.agreeing("{n} {n#día|días}", "n", "3") == "{n} días")
    }
}
