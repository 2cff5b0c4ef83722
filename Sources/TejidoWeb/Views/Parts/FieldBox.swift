/// Ways to set a field's box apart that `FormField` does not offer by itself: narrow, for a
/// short number; marked in error with no message of its own, where the summary lists the
/// problems one by one (a pasted file's, each with its place in the file).
extension FormField {
    func html(_ p: PageContext, narrow: Bool = false, markedInError: Bool = false) -> HTML {
        let marked = markedInError && error == nil
        var field = self
        if marked { field.attributes = attributes.text.isEmpty ? "aria-invalid=\"true\"" : attributes + " aria-invalid=\"true\"" }
        // FormField writes its box first, as `<div class="field`: the added classes go straight after.
        let box = "<div class=\"field"
        let written = field.html(p)
        guard narrow || marked, written.text.hasPrefix(box) else { return written }
        return HTML(
            markup: box + (narrow ? " narrow" : "") + (marked ? " field-has-error" : "") + written.text.dropFirst(box.count))
    }
}
