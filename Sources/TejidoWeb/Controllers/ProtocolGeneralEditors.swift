import Foundation
import TejidoCore
import Vapor

/// Title, introduction, languages, the leaving rule and care commitments.
struct ProtocolGeneralEditor: DraftEditor {
    let titleKey = "protocol_edit_title"

    struct Part: Encodable {
        let languages: [Language]
        let title, introduction, leavingRule, careCommitments: LocalizedText
    }

    func part(of d: ProtocolDocument) -> Data? {
        encodedPart(
            Part(
                languages: d.languages, title: d.title, introduction: d.introduction, leavingRule: d.leavingRule,
                careCommitments: d.careCommitments))
    }

    /// The languages ticked on the form, in Tejido's order; the form shows inputs for all of them.
    func languagesAfterEdit(_ typed: [String: String], _ document: ProtocolDocument) -> [Language] {
        let ticked = Language.allCases.filter { typed["languages.\($0.rawValue)"] != nil }
        // The main language stays first, so a collective writing in Spanish keeps Spanish as its reference.
        return ticked.sorted { ($0 == document.languages.first ? 0 : 1) < ($1 == document.languages.first ? 0 : 1) }
    }

    func apply(_ form: PostedProtocolForm, to document: inout ProtocolDocument, finalise: Bool) {
        document.languages = form.languages
        document.title = form.text("title")
        document.introduction = form.text("introduction")
        document.leavingRule = form.text("leavingRule")
        document.careCommitments = form.text("careCommitments")
    }

    func page(_ p: PageContext, _ draft: Draft, fields: EditorFields) throws -> EditorPage.Partial {
        let d = draft.document
        // Every language gets inputs here, so a language can be added together with its text.
        let all = EditorFields(languages: Language.allCases, reader: fields.reader, typed: fields.typed, errors: fields.errors)
        let kept = fields.isRedisplay ? fields.languages : d.languages
        let choices = Language.allCases.map {
            EditorPage.Control(
                name: "languages.\($0.rawValue)", label: ProtocolVocabulary.languageName($0, in: $0), value: "1",
                checked: kept.contains($0))
        }
        return .init(
            heading: p("protocol_edit_general_heading"), introduction: p("protocol_edit_general_intro"),
            sections: [
                .init(
                    heading: p("protocol_edit_general_heading"), anchor: "general",
                    fields: [
                        all.text("title", p("protocol_field_title"), d.title),
                        all.text("introduction", p("protocol_field_introduction"), d.introduction, multiline: true),
                        all.text(
                            "leavingRule", ProtocolVocabulary.heading(.leavingRule, in: p.language), d.leavingRule,
                            multiline: true),
                        all.text(
                            "careCommitments", ProtocolVocabulary.heading(.careCommitments, in: p.language),
                            d.careCommitments,
                            multiline: true),
                    ])
            ], languageChoices: choices)
    }
}

/// The co-existence agreement.
struct ProtocolAgreementEditor: DraftEditor {
    let titleKey = "protocol_edit_title"

    func part(of document: ProtocolDocument) -> Data? { encodedPart(document.agreement) }

    func apply(_ form: PostedProtocolForm, to document: inout ProtocolDocument, finalise: Bool) {
        document.agreement = CoexistenceAgreement(
            introduction: form.text("agreement.introduction"), commitments: form.lines("agreement.commitments"),
            notTolerated: form.lines("agreement.notTolerated"))
    }

    func page(_ p: PageContext, _ draft: Draft, fields: EditorFields) throws -> EditorPage.Partial {
        let agreement = draft.document.agreement
        let word = { ProtocolVocabulary.heading($0, in: p.language) }
        return .init(
            heading: word(.agreement), introduction: p("protocol_edit_agreement_intro"),
            sections: [
                .init(
                    heading: word(.agreement), anchor: "agreement",
                    fields: [
                        fields.text("agreement.introduction", word(.introduction), agreement.introduction, multiline: true),
                        fields.lines(
                            "agreement.commitments", word(.commitments), agreement.commitments,
                            hint: p("protocol_hint_one_per_line")),
                        fields.lines(
                            "agreement.notTolerated", word(.notTolerated), agreement.notTolerated,
                            hint: p("protocol_hint_one_per_line")),
                    ])
            ])
    }
}
