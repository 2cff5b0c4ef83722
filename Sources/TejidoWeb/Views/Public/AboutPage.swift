/// What Tejido is, the principles it keeps, what it does to keep people safe, and whose work it
/// stands on. Words only.
struct AboutPage: PageView {
    func html(_ p: PageContext) -> HTML {
        func items(_ keys: [String]) -> HTML { HTML.each(keys) { "<li>\(p($0))</li>\n" } }
        return """
            <h1>\(p("about_heading"))</h1>
            <p>\(p("about_what"))</p>
            <h2>\(p("about_principles_heading"))</h2>
            <ul>
            \(items(["survivor", "least", "minimal", "device", "honest"].map { "about_principle_\($0)" }))</ul>
            <h2>\(p("about_safety_heading"))</h2>
            <p>\(p("about_safety_exit"))</p>
            <p class="js-only">\(p("exit_truth_js"))</p>
            <p class="no-js-only">\(p("exit_truth_no_js"))</p>
            <p>\(p("about_safety_titles"))</p>
            <h2>\(p("about_sealed_heading"))</h2>
            <p>\(p("about_sealed_cases"))</p>
            <p>\(p("about_sealed_disk"))</p>
            <p>\(p("about_sealed_live"))</p>
            <p>\(p("about_sealed_forgot"))</p>
            <h2>\(p("about_credits_heading"))</h2>
            <p>\(p("about_credits_intro"))</p>
            <ul>
            \(items(["protocol", "anarchist", "police", "survivors", "pods", "consent", "practice", "lessons"].map { "about_credit_\($0)" }))</ul>
            <p>\(p("about_credits_words"))</p>

            """
    }
}
