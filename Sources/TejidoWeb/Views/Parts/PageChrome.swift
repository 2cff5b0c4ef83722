import TejidoCore
import Vapor

/// What every page's frame needs: language and strings, title, the quick-exit control, the
/// form token, and navigation built from `SiteURL`.
struct PageChrome {
    struct Link {
        let label: String
        let href: String
        let current: Bool
    }

    struct LanguageOption {
        let code: String
        let label: String
        let selected: Bool
    }

    let lang: String
    /// Neutral mode: pages avoid the product's name and their subject wherever the frame shows them.
    let neutral: Bool
    let words: Words
    let title: String
    let siteName: String
    let csrf: String
    let exitHref: String
    let exitDestination: String
    let signedIn: Bool
    let username: String?
    let nav: [Link]
    let path: String
    let languages: [LanguageOption]
    let homeHref: String
    let aboutHref: String
    let aboutLabel: String
    let logoutAction: String
    let languageAction: String
    /// "Someone in danger now?", on every page.
    let helpHref: String
    /// The help page stores nothing, so it offers no language form (which would set a cookie).
    let storeless: Bool

    init(request: Request, titleKey: String) {
        let context = request.context
        let services = request.services
        let language = context.language
        // Signed in, the account's choice; signed out (the sign-in page, after quick exit), the
        // choice this device remembers, so a watched browser never shows the real name.
        let remembered = request.cookies[services.cookies.neutralTitles]?.string
        let neutral = context.user?.neutralTitles ?? (remembered.map { $0 == "1" } ?? services.config.neutralTitlesByDefault)
        let path = request.url.path

        lang = language.rawValue
        self.neutral = neutral
        words = Words(catalog: services.catalog, language: language)
        // A neutral title hides both the product's name and what the page is about.
        siteName = neutral ? services.catalog.string("neutral_site_name", language) : "Tejido"
        title = neutral ? siteName : "\(services.catalog.string(titleKey, language)) · Tejido"
        csrf = context.csrfToken
        exitHref = SiteURL.exit.path
        exitDestination = context.currentMembership?.exitURL ?? services.config.defaultExitURL
        signedIn = context.user != nil
        username = context.user?.username
        self.path = path
        homeHref = SiteURL.home.path
        aboutHref = SiteURL.about.path
        aboutLabel = services.catalog.string(neutral ? "nav_about_neutral" : "nav_about", language)
        logoutAction = SiteURL.logout.path
        languageAction = SiteURL.language.path
        helpHref = SiteURL.help(language: language, slug: nil).path
        storeless = SiteURL.isStoreless(path)
        languages = Language.allCases.map {
            LanguageOption(
                code: $0.rawValue, label: services.catalog.string("language_name_\($0.rawValue)", $0),
                selected: $0 == language)
        }

        var links: [Link] = []
        func add(_ key: String, _ url: SiteURL) {
            links.append(Link(label: services.catalog.string(key, language), href: url.path, current: url.path == path))
        }
        if context.user != nil {
            if let current = context.currentMembership {
                let label = neutral ? services.catalog.string("nav_home_neutral", language) : current.name
                links.append(
                    Link(
                        label: label, href: SiteURL.collective(slug: current.slug).path,
                        current: path == SiteURL.collective(slug: current.slug).path))
            }
            add("nav_collectives", .collectives)
            add("nav_account", .account)
        } else {
            add("nav_sign_in", .login)
        }
        add(neutral ? "nav_about_neutral" : "nav_about", .about)
        nav = links
    }
}

/// The state of a form being shown again: what was typed (never passphrases) and, per field,
/// what to fix — plus a summary at the top that links to each field.
struct FormState {
    struct Problem {
        let field: String
        let anchor: String
        let message: String
    }

    var values: [String: String] = [:]
    var errors: [String: String] = [:]
    var summary: [Problem] = []
    var hasErrors = false

    static let empty = FormState()

    init(values: [String: String] = [:]) { self.values = values }

    init(values: [String: String], problems: [FieldProblem], request: Request) {
        self.values = values
        let language = request.context.language
        for problem in problems where errors[problem.field] == nil {
            let message = request.services.catalog.string(problem.messageKey, language)
            errors[problem.field] = message
            // "form" problems concern the whole form; the summary links to the form's first field.
            let anchor = problem.field == "form" ? "#main" : "#\(problem.field)"
            summary.append(Problem(field: problem.field, anchor: anchor, message: message))
        }
        hasErrors = !summary.isEmpty
    }
}

extension Request {
    /// A page: its content in the frame.
    func page(_ content: HTML, titleKey: String, status: HTTPStatus = .ok) -> Response {
        framed(PageChrome(request: self, titleKey: titleKey), content, status: status)
    }

    private func framed(_ chrome: PageChrome, _ content: HTML, status: HTTPStatus) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(string: chrome.frame(content).text))
    }

    func t(_ key: String) -> String { services.catalog.string(key, context.language) }

    var words: Words { Words(catalog: services.catalog, language: context.language) }

    func t(_ key: String, _ values: [String: String]) -> String {
        services.catalog.string(key, context.language, values)
    }

    func redirect(_ url: SiteURL) -> Response { redirect(to: url.path, redirectType: .normal) }

    /// A whole address to hand to someone (an invitation, a claim or mediation link), as this
    /// server was reached.
    func absoluteURL(_ url: SiteURL) -> String {
        let scheme = services.config.behindTLSProxy ? "https" : "http"
        let host = headers.first(name: .host) ?? "\(services.config.hostname):\(services.config.port)"
        return "\(scheme)://\(host)\(url.path)"
    }
}
