/// A file to upload, with its label. No value is written: a browser never shows or sends one.
/// `accept` says which kinds of file the chooser offers.
struct FileField {
    let id: String
    let label: String
    var accept: String? = nil

    func html(_ p: PageContext) -> HTML {
        """
        <div class="field"><label for="\(id)">\(label)</label><input type="file" id="\(id)" name="\(id)"\
        \(HTML.when(accept != nil, " accept=\"\(accept ?? "")\""))></div>

        """
    }
}
