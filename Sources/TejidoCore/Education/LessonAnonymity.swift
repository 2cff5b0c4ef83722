import Foundation

/// Helps keep a lesson about nobody in particular. Names the case knows are refused unless the
/// survivor agreed to them (as an assembly item from a case is, `AgendaText.validatedAnonymous`);
/// anything that looks like an exact date — a day and month, a written date — is flagged, and
/// kept only once the author says she checked it. Places cannot be recognised by a rule, so the
/// form asks for none; the names the case knows include the places written on its pod map.
public enum LessonAnonymity {
    /// The problems to show beside each field; empty when the text may be saved.
    public static func problems(
        in text: LessonText, knownNames: [String], namesAgreed: Bool, datesChecked: Bool
    ) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        for (field, part) in text.parts {
            if !namesAgreed, !AgendaText.names(knownNames, foundIn: part).isEmpty {
                problems.append(FieldProblem(field: field, messageKey: "error_lesson_names"))
            } else if !datesChecked, looksLikeDate(part) {
                problems.append(FieldProblem(field: field, messageKey: "error_lesson_dates"))
            }
        }
        return problems
    }

    /// A written date ("12/03", "2024-03-12", "12.3.24") or a day beside a month's name, in English
    /// or Spanish ("March 12", "12 de marzo", "el 3 de abril", "12th of May").
    public static func looksLikeDate(_ text: String) -> Bool {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        if folded.range(of: #"\b\d{1,4}[/.\-]\d{1,2}([/.\-]\d{1,4})?\b"#, options: .regularExpression) != nil {
            return true
        }
        let months = monthNames.joined(separator: "|")
        let dayThenMonth = #"\b\d{1,2}(st|nd|rd|th)?\s+(of\s+|de\s+)?("# + months + #")\b"#
        let monthThenDay = #"\b("# + months + #")\s+\d{1,2}(st|nd|rd|th)?\b"#
        return folded.range(of: dayThenMonth, options: .regularExpression) != nil
            || folded.range(of: monthThenDay, options: .regularExpression) != nil
    }

    static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "setiembre", "octubre",
        "noviembre", "diciembre", "ene", "abr", "ago", "dic",
    ]
}
