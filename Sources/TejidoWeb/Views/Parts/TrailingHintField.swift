/// A one-line field whose hint follows the box rather than leading it: a search box comes first
/// on its form, and its hint says what else may be typed once the eye has found it.
struct TrailingHintField {
    let id: String
    let type: String
    let label: String
    let hint: String
    let value: String

    func html(_ p: PageContext) -> HTML {
        """
        <div class="field"><label for="\(id)">\(label)</label><input type="\(type)" id="\(id)" name="\(id)" value="\(value)" \
        aria-describedby="\(id)-hint"><p class="hint" id="\(id)-hint">\(hint)</p></div>

        """
    }
}
