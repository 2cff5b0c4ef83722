/// A collective from before protocols existed: nothing to read yet, and for those who may
/// write one, the way to start.
struct ProtocolNonePage: PageView {
    let startHref: String?

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(p("protocol_title"))</h1>
        <p>\(p("protocol_none"))</p>
        \(HTML.when(startHref != nil, "<p><a class=\"button\" href=\"\(startHref)\">\(p("protocol_none_start"))</a></p>\n"))
        """
    }
}
