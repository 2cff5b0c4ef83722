/// A labelled field to choose a file. Browsers never show or send a value written into one, so
/// it has none; `accept` says which kinds of file the chooser offers.
struct FileField {
    let id: String
    let label: String
    let accept: String

    func html(_ p: PageContext) -> HTML {
        """
        <div class="field"><label for="\(id)">\(label)</label><input type="file" id="\(id)" name="\(id)" accept="\(accept)"></div>

        """
    }
}
