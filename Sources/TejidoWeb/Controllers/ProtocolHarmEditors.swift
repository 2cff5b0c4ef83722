import Foundation
import TejidoCore
import Vapor

/// The list of harm types: names and descriptions, order, adding and removing. Levels and their
/// responses are edited per type.
struct ProtocolHarmsEditor: DraftEditor {
    let titleKey = "protocol_edit_title"
    let prefix = "harmTypes"

    func part(of document: ProtocolDocument) -> Data? {
        encodedPart(document.harmTypes.map { [$0.id: [$0.name, $0.description]] })
    }

    func isRemoved(_ path: String, _ form: PostedProtocolForm) -> Bool {
        isInsideRemoved(path, form: form, prefix: prefix, count: ProtocolValidator.harmTypeLimit + 1)
    }

    func apply(_ form: PostedProtocolForm, to document: inout ProtocolDocument, finalise: Bool) {
        var harms = document.harmTypes.enumerated().map { h, harm in
            var harm = harm
            harm.name = form.text("\(prefix)[\(h)].name")
            harm.description = form.text("\(prefix)[\(h)].description")
            return harm
        }
        let new = harms.count
        let name = form.text("\(prefix)[\(new)].name")
        if !name.values.values.allSatisfy(\.isEmpty) {
            let main = document.languages.map { name[$0] }.first { !$0.isEmpty } ?? ""
            // A new type starts with three levels allowing support only; the collective fills them in.
            let levels = [("1", "Of concern", "Preocupante"), ("2", "Serious", "Grave"), ("3", "Very serious", "Muy grave")].map {
                SeverityLevel(
                    id: $0.0, name: LocalizedText(en: $0.1, es: $0.2).keeping(document.languages), description: LocalizedText(),
                    responses: ResponseRules(allowed: [.supportOnly]))
            }
            harms.append(
                HarmType(
                    id: ProtocolIdentifier.make(from: main, existing: harms.map(\.id)), name: name,
                    description: form.text("\(prefix)[\(new)].description"), levels: levels))
        }
        document.harmTypes = finalise ? arranged(harms, form: form, prefix: prefix) : harms
    }

    func page(_ p: PageContext, _ draft: Draft, fields: EditorFields) throws -> EditorPage.Partial {
        let document = draft.document
        let empty = HarmType(id: "", name: LocalizedText(), description: LocalizedText(), levels: [])
        let sections = (document.harmTypes + [empty]).enumerated().map { h, harm -> EditorPage.Section in
            let path = "\(prefix)[\(h)]"
            let isNew = h == document.harmTypes.count
            var section = EditorPage.Section(
                heading: isNew
                    ? p("protocol_edit_new_harm") : harm.name.text(in: p.language, fallbacks: document.languages),
                anchor: formName(path),
                fields: [
                    fields.text("\(path).name", p("protocol_field_name"), harm.name),
                    fields.text("\(path).description", p("protocol_field_description"), harm.description, multiline: true),
                ], isNew: isNew)
            if !isNew {
                section.position = .init(
                    name: "\(path).position", label: p("protocol_field_position"),
                    value: fields.value("\(path).position", stored: "\(h + 1)"),
                    checked: false)
                section.remove = .init(
                    name: "\(path).remove", label: p("protocol_field_remove"), value: "1",
                    checked: fields.isRedisplay && fields.typed["\(path).remove"] != nil)
                section.link = .init(
                    label: p("protocol_edit_levels_link"),
                    href: SiteURL.protocolDraftHarm(slug: draft.collective.slug, harm: harm.id).path)
            }
            return section
        }
        return .init(
            heading: p("protocol_edit_harms_heading"), introduction: p("protocol_edit_harms_intro"), sections: sections)
    }
}

/// One harm type's levels and, for each, the responses allowed, recommended and needing the assembly.
struct ProtocolHarmEditor: DraftEditor {
    let harmID: String
    let titleKey = "protocol_edit_title"

    func index(in document: ProtocolDocument) -> Int? { document.harmTypes.firstIndex { $0.id == harmID } }

    /// The harm and where it sits: the form's fields are named by position, so a move is a conflict too.
    func part(of document: ProtocolDocument) -> Data? {
        encodedPart([encodedPart(index(in: document)), encodedPart(document.harmType(harmID))])
    }

    func retarget(_ typed: [String: String], from base: ProtocolDocument, to latest: ProtocolDocument) -> [String: String] {
        guard let old = index(in: base), let new = index(in: latest), old != new else { return typed }
        let before = "harmTypes[\(old)]", after = "harmTypes[\(new)]"
        return Dictionary(
            typed.map { ($0.key.hasPrefix(before) ? after + $0.key.dropFirst(before.count) : $0.key, $0.value) },
            uniquingKeysWith: { first, _ in first })
    }

    func isRemoved(_ path: String, _ form: PostedProtocolForm) -> Bool {
        guard let h = Int(path.dropFirst("harmTypes[".count).prefix { $0.isNumber }) else { return false }
        return isInsideRemoved(path, form: form, prefix: "harmTypes[\(h)].levels", count: ProtocolValidator.levelLimit + 1)
    }

    func apply(_ form: PostedProtocolForm, to document: inout ProtocolDocument, finalise: Bool) {
        guard let h = index(in: document) else { return }
        var harm = document.harmTypes[h]
        let prefix = "harmTypes[\(h)].levels"
        func rules(_ path: String) -> ResponseRules {
            func ticked(_ column: String) -> [ResponseKind] {
                ResponseKind.allCases.filter { form.isChecked("\(path).responses.\(column).\($0.rawValue)") }
            }
            return ResponseRules(
                allowed: ticked("allowed"), recommended: ticked("recommended"), needsAssembly: ticked("needsAssembly"))
        }
        var levels = harm.levels.enumerated().map { l, level in
            SeverityLevel(
                id: level.id, name: form.text("\(prefix)[\(l)].name"), description: form.text("\(prefix)[\(l)].description"),
                responses: rules("\(prefix)[\(l)]"))
        }
        let new = levels.count
        let name = form.text("\(prefix)[\(new)].name")
        if !name.values.values.allSatisfy(\.isEmpty) {
            let main = document.languages.map { name[$0] }.first { !$0.isEmpty } ?? ""
            levels.append(
                SeverityLevel(
                    id: ProtocolIdentifier.make(from: main, existing: levels.map(\.id)), name: name,
                    description: form.text("\(prefix)[\(new)].description"), responses: rules("\(prefix)[\(new)]")))
        }
        harm.levels = finalise ? arranged(levels, form: form, prefix: prefix) : levels
        document.harmTypes[h] = harm
    }

    func page(_ p: PageContext, _ draft: Draft, fields: EditorFields) throws -> EditorPage.Partial {
        let document = draft.document
        guard let h = index(in: document) else { throw TejidoError.notFound }
        let harm = document.harmTypes[h]
        let language = p.language
        let prefix = "harmTypes[\(h)].levels"
        let empty = SeverityLevel(id: "", name: LocalizedText(), description: LocalizedText(), responses: .none)
        let sections = (harm.levels + [empty]).enumerated().map { l, level -> EditorPage.Section in
            let path = "\(prefix)[\(l)]"
            let isNew = l == harm.levels.count
            func box(_ column: String, _ kind: ResponseKind, _ stored: [ResponseKind]) -> EditorPage.Control {
                let name = "\(path).responses.\(column).\(kind.rawValue)"
                return .init(
                    name: name,
                    label:
                        "\(ProtocolVocabulary.name(of: kind, in: language)): \(p(column == "needsAssembly" ? "protocol_column_needs_assembly" : "protocol_column_\(column)"))",
                    value: "1", checked: fields.isRedisplay ? fields.typed[name] != nil : stored.contains(kind))
            }
            let rows = ResponseKind.allCases.map { kind in
                EditorPage.ResponsesGrid.Row(
                    name: ProtocolVocabulary.name(of: kind, in: language), allowed: box("allowed", kind, level.responses.allowed),
                    recommended: box("recommended", kind, level.responses.recommended),
                    needsAssembly: box("needsAssembly", kind, level.responses.needsAssembly))
            }
            let errors = ["recommended", "needsAssembly"].compactMap { fields.errors["\(path).responses.\($0)"] }
            var section = EditorPage.Section(
                heading: isNew ? p("protocol_edit_new_level") : level.name.text(in: language, fallbacks: document.languages),
                anchor: formName(path),
                fields: [
                    fields.text("\(path).name", p("protocol_field_level_name"), level.name),
                    fields.text(
                        "\(path).description", p("protocol_field_level_description"), level.description, multiline: true),
                ],
                responses: .init(caption: p("protocol_responses_caption"), rows: rows, errors: errors), isNew: isNew)
            if !isNew {
                section.position = .init(
                    name: "\(path).position", label: p("protocol_field_position"),
                    value: fields.value("\(path).position", stored: "\(l + 1)"),
                    checked: false)
                section.remove = .init(
                    name: "\(path).remove", label: p("protocol_field_remove"), value: "1",
                    checked: fields.isRedisplay && fields.typed["\(path).remove"] != nil)
            }
            return section
        }
        return .init(
            heading: p("protocol_edit_harm_heading", ["name": harm.name.text(in: language, fallbacks: document.languages)]),
            introduction: p("protocol_edit_harm_intro"), sections: sections)
    }
}
