import Foundation
import TejidoCore
import Vapor

/// Editing one block: its introduction and its considerations (add, change, reorder, remove).
struct ProtocolBlockEditor: DraftEditor {
    let kind: BlockKind
    let titleKey = "protocol_edit_title"

    var index: Int { BlockKind.allCases.firstIndex(of: kind) ?? 0 }
    var prefix: String { "blocks[\(index)].considerations" }

    func part(of document: ProtocolDocument) -> Data? { encodedPart(document.block(kind)) }

    func isRemoved(_ path: String, _ form: PostedProtocolForm) -> Bool {
        isInsideRemoved(path, form: form, prefix: prefix, count: ProtocolValidator.considerationLimit + 1)
    }

    func apply(_ form: PostedProtocolForm, to document: inout ProtocolDocument, finalise: Bool) {
        guard document.blocks.indices.contains(index) else { return }
        var block = document.blocks[index]
        block.introduction = form.text("blocks[\(index)].introduction")
        var items = block.considerations.enumerated().map { j, item in
            Consideration(
                id: item.id, title: form.text("\(prefix)[\(j)].title"), text: form.text("\(prefix)[\(j)].text"),
                guidanceQuestions: form.lines("\(prefix)[\(j)].guidanceQuestions"))
        }
        let new = items.count
        let title = form.text("\(prefix)[\(new)].title")
        let text = form.text("\(prefix)[\(new)].text")
        if !(title.values.values.allSatisfy(\.isEmpty) && text.values.values.allSatisfy(\.isEmpty)) {
            let name = document.languages.map { title[$0] }.first { !$0.isEmpty } ?? ""
            items.append(
                Consideration(
                    id: ProtocolIdentifier.make(from: name, existing: items.map(\.id)), title: title, text: text,
                    guidanceQuestions: form.lines("\(prefix)[\(new)].guidanceQuestions")))
        }
        block.considerations = finalise ? arranged(items, form: form, prefix: prefix) : items
        document.blocks[index] = block
    }

    func page(_ p: PageContext, _ draft: Draft, fields: EditorFields) throws -> EditorPage.Partial {
        guard let block = draft.document.block(kind) else { throw TejidoError.notFound }
        let name = ProtocolVocabulary.name(of: kind, in: p.language)
        var sections = [
            EditorPage.Section(
                heading: p("protocol_edit_block_intro"), anchor: "intro",
                fields: [
                    fields.text(
                        "blocks[\(index)].introduction", p("protocol_field_introduction"), block.introduction, multiline: true
                    )
                ])
        ]
        let empty = Consideration(id: "", title: LocalizedText(), text: LocalizedText())
        for (j, item) in (block.considerations + [empty]).enumerated() {
            let path = "\(prefix)[\(j)]"
            let isNew = j == block.considerations.count
            var section = EditorPage.Section(
                heading: isNew
                    ? p("protocol_edit_new_consideration")
                    : item.title.text(in: p.language, fallbacks: draft.document.languages),
                anchor: formName(path),
                fields: [
                    fields.text("\(path).title", p("protocol_field_title"), item.title),
                    fields.text("\(path).text", p("protocol_field_text"), item.text, multiline: true),
                    fields.lines(
                        "\(path).guidanceQuestions", p("protocol_field_questions"), item.guidanceQuestions,
                        hint: p("protocol_hint_one_per_line")),
                ], isNew: isNew)
            if !isNew {
                section.position = .init(
                    name: "\(path).position", label: p("protocol_field_position"),
                    value: fields.value("\(path).position", stored: "\(j + 1)"), checked: false)
                section.remove = .init(
                    name: "\(path).remove", label: p("protocol_field_remove"), value: "1",
                    checked: fields.isRedisplay && fields.typed["\(path).remove"] != nil)
            }
            sections.append(section)
        }
        return .init(heading: p("protocol_edit_block_heading", ["block": name]), introduction: nil, sections: sections)
    }
}
