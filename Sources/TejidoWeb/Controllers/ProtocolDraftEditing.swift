import Foundation
import TejidoCore
import Vapor

/// One editing form for one part of the draft. Each editor says what its part is (for spotting
/// a colleague's overlapping save), how to build its page, and how a posted form changes a
/// protocol — first in form order for validation, then finalised (removals, new order).
protocol DraftEditor: Sendable {
    var titleKey: String { get }
    func part(of document: ProtocolDocument) -> Data?
    func page(_ p: PageContext, _ draft: Draft, fields: EditorFields) throws -> EditorPage.Partial
    func apply(_ form: PostedProtocolForm, to document: inout ProtocolDocument, finalise: Bool)
    /// Problems about items the person chose to remove do not stop the save.
    func isRemoved(_ path: String, _ form: PostedProtocolForm) -> Bool
    /// Only the general editor changes which languages the protocol keeps.
    func languagesAfterEdit(_ typed: [String: String], _ document: ProtocolDocument) -> [Language]
    /// What was typed against `base`, renamed for `latest` — when the part moved in between.
    func retarget(_ typed: [String: String], from base: ProtocolDocument, to latest: ProtocolDocument) -> [String: String]
}

extension DraftEditor {
    func isRemoved(_ path: String, _ form: PostedProtocolForm) -> Bool { false }
}

/// The collective and its latest saved version, for an editor.
struct Draft {
    let collective: CollectiveRecord
    let latest: ProtocolVersionRecord
    let document: ProtocolDocument
}

extension EditorPage {
    /// What differs between editors; the frame (action, base version, note, problems) is shared.
    struct Partial {
        var heading: String
        var introduction: String?
        var sections: [Section]
        var languageChoices: [Control] = []
    }
}

extension Request {
    func draft() async throws -> Draft {
        let collective = try await collective(for: .editProtocol)
        guard let latest = try await ProtocolQueries(database: db, collectiveID: collective.requireID()).latest() else {
            throw TejidoError.notFound
        }
        return Draft(collective: collective, latest: latest, document: try latest.document())
    }

    func showEditor(_ editor: some DraftEditor) async throws -> Response {
        let draft = try await draft()
        let fields = EditorFields(languages: draft.document.languages, reader: context.language, typed: [:], errors: [:])
        return try await renderEditor(editor, draft, fields: fields, base: draft.latest.number, form: .empty, conflict: nil)
    }

    func saveEditor(_ editor: some DraftEditor) async throws -> Response {
        let draft = try await draft()
        let typed = formFields()
        let languages = editor.languagesAfterEdit(typed, draft.document)
        let form = PostedProtocolForm(fields: typed, languages: languages)
        let base = Int(typed["base"] ?? "") ?? draft.latest.number
        var candidate = draft.document
        editor.apply(form, to: &candidate, finalise: false)
        let problems = ProtocolValidator.problems(in: candidate.restricted(to: candidate.languages)).filter {
            !editor.isRemoved($0.path, form)
        }
        if !problems.isEmpty { return try await redisplay(editor, draft, typed, languages, problems: problems, conflict: nil) }
        let user = try requireUser()
        do {
            let result = try await ProtocolService(database: db, now: now).save(
                collectiveID: draft.collective.requireID(), authorID: user.id, base: base, note: typed["note"],
                part: { editor.part(of: $0) }, change: { editor.apply(form, to: &$0, finalise: true) })
            let overview = SiteURL.protocolDraft(slug: draft.collective.slug).path
            switch result {
            case .saved(let number): return redirect(to: overview + "?saved=\(number)", redirectType: .normal)
            case .unchanged: return redirect(to: overview + "?unchanged=1", redirectType: .normal)
            case .conflict(let latest):
                let fresh = try await self.draft()
                let shown = try await ProtocolQueries(database: db, collectiveID: fresh.collective.requireID()).version(
                    number: base)
                let typed = try shown.map { editor.retarget(typed, from: try $0.document(), to: fresh.document) } ?? typed
                return try await redisplay(
                    editor, fresh, typed, languages, problems: [], conflict: t("protocol_conflict", ["number": "\(latest)"]))
            }
        } catch let failure as ProtocolFileProblems {
            return try await redisplay(editor, draft, typed, languages, problems: failure.problems, conflict: nil)
        }
    }

    private func redisplay(
        _ editor: some DraftEditor, _ draft: Draft, _ typed: [String: String], _ languages: [Language],
        problems: [ProtocolProblem], conflict: String?
    ) async throws -> Response {
        let form = FormState(typed: typed, problems: problems, language: context.language)
        let fields = EditorFields(languages: languages, reader: context.language, typed: typed, errors: form.errors)
        return try await renderEditor(
            editor, draft, fields: fields, base: draft.latest.number, form: form, conflict: conflict,
            status: conflict == nil ? .unprocessableEntity : .conflict)
    }

    private func renderEditor(
        _ editor: some DraftEditor, _ draft: Draft, fields: EditorFields, base: Int, form: FormState, conflict: String?,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let partial = try editor.page(pageContext, draft, fields: fields)
        let view = EditorPage(
            heading: partial.heading, introduction: partial.introduction, action: url.path, base: base,
            sections: partial.sections, languageChoices: partial.languageChoices, form: form,
            conflict: conflict, backHref: SiteURL.protocolDraft(slug: draft.collective.slug).path)
        return page(view, titleKey: editor.titleKey, status: status)
    }
}

extension DraftEditor {
    func retarget(_ typed: [String: String], from base: ProtocolDocument, to latest: ProtocolDocument) -> [String: String] {
        typed
    }

    func languagesAfterEdit(_ typed: [String: String], _ document: ProtocolDocument) -> [Language] { document.languages }
}

/// Reorders items by the positions typed next to them and drops the ones marked for removal.
/// An item given another's position goes where the person meant: moved up, before it; moved
/// down, after it ("move E to 2" in A–E gives A, E, B, C, D).
func arranged<Item>(_ items: [Item], form: PostedProtocolForm, prefix: String) -> [Item] {
    let placed = items.enumerated()
        .filter { !form.isChecked("\(prefix)[\($0.offset)].remove") }
        .map { offset, item in
            let position = form.position("\(prefix)[\(offset)].position", default: offset + 1)
            let direction = position < offset + 1 ? -1 : position > offset + 1 ? 1 : 0
            return (position: position, direction: direction, index: offset, item: item)
        }
    return placed.sorted { ($0.position, $0.direction, $0.index) < ($1.position, $1.direction, $1.index) }.map(\.item)
}

/// Whether a problem's path lies inside an item marked for removal.
func isInsideRemoved(_ path: String, form: PostedProtocolForm, prefix: String, count: Int) -> Bool {
    (0..<count).contains { form.isChecked("\(prefix)[\($0)].remove") && path.hasPrefix("\(prefix)[\($0)]") }
}

/// A part of the protocol as bytes, for comparing two versions' parts. Sorted keys, because
/// two equal dictionaries need not list their keys in the same order.
func encodedPart<T: Encodable>(_ value: T) -> Data? {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return try? encoder.encode(value)
}
