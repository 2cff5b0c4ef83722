import Foundation
import TejidoCore
import Testing

@testable import TejidoWeb

/// Page builders that carry a rule, built with no server and no database: their models are plain
/// values made from domain values and the reader's words.
@Suite("Pages built without a server")
struct PageBuilderTests {
    static let words = PageContext(
        words: Words(catalog: LocalizationTests.catalog, language: .en), dates: DateFormatting(language: .en), csrf: "t")
    static let links = CaseLinks(slug: "casa", caseID: UUID().uuidString)

    static func commitments(for role: CaseRole, chosen: ProgressView) -> CommitmentsPage {
        let row = CaseService.CommitmentRow(
            id: UUID(), commitment: Commitment(title: "ZQ-COMMITMENT", kind: .careWork), dueOn: nil, doneAt: nil,
            checkIns: [(CheckIn(progress: .onTrack, note: "ZQ-NOTE"), Date())])
        return CommitmentsPage.build(
            commitments: [row], today: Date(), chosen: chosen,
            reading: CaseReading(participant: UUID(), CaseParticipation(role: role)),
            people: { _ in nil }, outcomes: [], adopted: [], rules: nil, wishes: CaseWishes(),
            acts: .init(add: false, checkIn: false, chooseView: false, recordOutcome: false), links: links, form: FormState(),
            words)
    }

    @Test("the survivor's side sees the commitments as she chose; the pod always sees them all")
    func commitmentsAsChosen() {
        let summary = Self.commitments(for: .survivor, chosen: .summary)
        #expect(summary.rows.isEmpty && summary.summary != nil)
        #expect(!summary.html(Self.words).text.contains("ZQ-COMMITMENT"))
        let nothing = Self.commitments(for: .supporter, chosen: .nothing).html(Self.words).text
        #expect(!nothing.contains("ZQ-COMMITMENT") && nothing.contains(Self.words("commitments_hidden")))
        let all = Self.commitments(for: .survivor, chosen: .all).html(Self.words).text
        #expect(all.contains("ZQ-COMMITMENT") && all.contains("ZQ-NOTE"))
        let pod = Self.commitments(for: .accountability, chosen: .nothing).html(Self.words).text
        #expect(pod.contains("ZQ-COMMITMENT") && pod.contains("ZQ-NOTE"))
    }

    @Test("a field with an error names its message and hint, and keeps what was typed, escaped")
    func fieldLinksItsError() {
        var form = FormState(values: ["title": "<b>typed</b>"])
        form.errors["title"] = "Too long"
        let html = FormField("title", label: "Title", hint: "Short", form: form).html(Self.words).text
        #expect(html.contains("aria-describedby=\"title-hint title-error\" aria-invalid=\"true\""))
        #expect(html.contains("<p class=\"error-message\" id=\"title-error\">"))
        #expect(html.contains("value=\"&lt;b&gt;typed&lt;/b&gt;\"") && !html.contains("<b>typed"))
    }
}
