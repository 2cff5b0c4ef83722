import TejidoCore

/// The front page for visitors: what Tejido is (unless titles are neutral), the way in, and help
/// that needs no account.
struct HomePage: PageView {
    /// Neutral mode shows the neutral site name only, nothing about the subject.
    let neutralName: String?
    let setupOpen: Bool
    /// Setup can be done from here (the server itself, or the operator allowed it).
    let setupHere: Bool
    let setupHref: String
    let loginHref: String
    /// The help page, which lists legal and immigration help too.
    let helpHref: String
    /// The instance's collective's public directory, when the instance is one collective's.
    let directoryHref: String?
    /// For people worried about someone (issue 17).
    var worriedHref: String? = nil

    static func build(neutralName: String?, setupOpen: Bool, setupHere: Bool, soleSlug: String?, _ p: PageContext) -> HomePage {
        HomePage(
            neutralName: neutralName, setupOpen: setupOpen, setupHere: setupHere, setupHref: SiteURL.setup.path,
            loginHref: SiteURL.login.path, helpHref: SiteURL.help(language: p.language, slug: nil).path,
            directoryHref: soleSlug.map { SiteURL.publicDirectory(slug: $0).path },
            worriedHref: SiteURL.worried(language: p.language, slug: nil).path)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML
        if let neutralName {
            out = "<h1>\(neutralName)</h1>\n"
        } else {
            out = """
                <h1>\(p("home_heading"))</h1>
                <p class="lead">\(p("home_intro"))</p>
                <p>\(p("home_principles"))</p>

                """
        }
        if setupOpen {
            out += """
                <section class="panel" aria-labelledby="setup-heading">
                <h2 id="setup-heading">\(p("home_setup_heading"))</h2>

                """
            out +=
                setupHere
                ? "<p>\(p("home_setup_text"))</p>\n<p><a class=\"button\" href=\"\(setupHref)\">\(p("home_setup_link"))</a></p>\n"
                : "<p>\(p("home_setup_remote"))</p>\n"
            out += "</section>\n"
        } else {
            out += """
                <p><a class="button" href="\(loginHref)">\(p("nav_sign_in"))</a></p>
                <p>\(p("home_invite_only"))</p>

                """
        }
        out += """
            <section aria-labelledby="find-help-h"><h2 id="find-help-h">\(p("home_find_help_heading"))</h2>
            <ul><li><a href="\(helpHref)">\(p("home_find_help_now"))</a></li>
            \(HTML.when(worriedHref != nil, "<li><a href=\"\(worriedHref ?? "")\">\(p("worried_link"))</a></li>\n"))
            """
        if let directoryHref {
            out += """
                <li><a href="\(directoryHref)">\(p("home_find_help_directory"))</a></li>
                <li><a href="\(directoryHref)?noimm=1">\(p("help_no_immigration_link"))</a></li>

                """
        }
        return out + "</ul></section>\n"
    }
}
