import Foundation

/// How many members have acknowledged the agreement of the version in force, of how many. Only
/// the numbers (issue 17): a list of who has not acknowledged turns a shared agreement into a
/// roll call, and its pressure lands on people who may have good reasons to wait.
struct ProtocolAcknowledgementsPage: PageView {
    let number: Int
    let done: Int
    let total: Int
    let agreementHref: String

    func html(_ p: PageContext) -> HTML {
        """
        <h1>\(p("acknowledgements_heading"))</h1>
        <p class="panel" role="status"><strong>\(p("acknowledgements_count", ["done": "\(done)", "total": "\(total)", "number": "\(number)"]))</strong></p>
        <p class="hint">\(p("acknowledgements_hint"))</p>
        <p><a href="\(agreementHref)">\(p("agreement_pending_link"))</a></p>

        """
    }
}
