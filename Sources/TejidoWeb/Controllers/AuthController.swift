import TejidoCore
import Vapor

/// Signing in and out, and quick exit.
struct AuthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.login, use: showLogin)
        routes.post(.login, use: login)
        routes.post(.logout, use: logout)
        // Quick exit must work as a plain link without JavaScript (GET) and as a beacon with it (POST).
        routes.get(.exit, use: exit)
        routes.post(.exit, use: exit)
    }

    struct LoginForm: Content, EmptyInitializable {
        var username: String?
        var passphrase: String?
        var next: String?
    }

    /// Notices a redirect may ask the sign-in page to show; only these keys, never free text.
    static let notices = ["signed_out", "signed_out_everywhere", "passphrase_changed", "account_deleted", "session_ended"]

    func showLogin(_ req: Request) async throws -> Response {
        try req.authorize(.usePublicPages, .publicPages)
        let next = SafeRedirect.path(req.query[String.self, at: "next"], fallback: "")
        let notice = req.query[String.self, at: "notice"].flatMap { Self.notices.contains($0) ? $0 : nil }
        return req.page(LoginPage.build(form: .empty, next: next, noticeKey: notice, req.pageContext), titleKey: "login_title")
    }

    func login(_ req: Request) async throws -> Response {
        try req.authorize(.usePublicPages, .publicPages)
        let form = req.form(LoginForm.self)
        let next = SafeRedirect.path(form.next, fallback: "")
        let accounts = AccountService(database: req.db, services: req.services, application: req.application)
        do {
            let user = try await accounts.authenticate(
                username: form.username ?? "", passphrase: form.passphrase ?? "",
                clientAddress: req.clientAddress, deviceCookie: req.deviceCookie)
            let userID = try user.requireID()
            let key = try await accounts.unlock(user, passphrase: form.passphrase ?? "")
            let memberships = try await MembershipQueries(database: req.db).summaries(userID: userID)
            let destination =
                next.isEmpty
                ? (memberships.first.map { SiteURL.collective(slug: $0.slug).path } ?? SiteURL.collectives.path) : next
            let response = req.redirect(to: destination, redirectType: .normal)
            try await SessionStore.start(
                userID: userID, key: key, collectiveID: memberships.first?.collectiveID, on: req, response: response)
            // This browser is now known for this account: other people's failures on the name no
            // longer slow its owner down here. (Quick exit forgets it, with every other cookie.)
            let cookies = req.services.cookies
            response.cookies[cookies.device] = cookies.value(
                DeviceCookie.issue(
                    forAccount: AccountService.deviceBinding(user.usernameNormalized, user), key: req.services.throttleKey),
                lifetime: DeviceCookie.lifetimeDays)
            // The account's choice of neutral titles becomes this browser's too, so the pages that
            // read no session (help, sign-in after signing out) keep to it.
            response.cookies[cookies.neutralTitles] =
                user.neutralTitles ? cookies.value("1", lifetime: 365) : cookies.expired
            return response
        } catch let error as TejidoError {
            let problems: [FieldProblem]
            switch error {
            case .invalid(let found): problems = found
            case .throttled: problems = [FieldProblem(field: "form", messageKey: "error_login_throttled")]
            default: throw error
            }
            let state = FormState(values: ["username": form.username ?? ""], problems: problems, request: req)
            let status: HTTPStatus = error == .throttled ? .tooManyRequests : .unprocessableEntity
            return req.page(
                LoginPage.build(form: state, next: next, noticeKey: nil, req.pageContext), titleKey: "login_title", status: status
            )
        }
    }

    func logout(_ req: Request) async throws -> Response {
        try req.authorize(.usePublicPages, .publicPages)
        let response = req.redirect(to: SiteURL.login.path + "?notice=signed_out", redirectType: .normal)
        try await SessionStore.end(on: req, response: response)
        return response
    }

    /// Ends the session and leaves for the neutral page. With JavaScript, the page has already
    /// gone (location.replace) and this arrives as a beacon; without, it is the link itself.
    func exit(_ req: Request) async throws -> Response {
        try req.authorize(.usePublicPages, .publicPages)
        let destination = req.context.currentMembership?.exitURL ?? req.services.config.defaultExitURL
        let response = Response(status: .seeOther)
        response.headers.replaceOrAdd(name: .location, value: destination)
        // Cached pages and scripts would show a visit; the browser drops them (on HTTPS and localhost).
        response.headers.replaceOrAdd(name: "Clear-Site-Data", value: "\"cache\", \"storage\"")
        let neutral = req.context.user?.neutralTitles ?? (req.cookies[req.services.cookies.neutralTitles]?.string == "1")
        try await SessionStore.end(on: req, response: response)
        // Every cookie goes — the form token, the language, the known-browser proof — except the
        // choice of neutral titles, which holds nothing but "1" and keeps the pages this browser
        // shows next (sign-in, help) from naming Tejido in their titles and in the history.
        let cookies = req.services.cookies
        for name in [cookies.formToken, cookies.language, cookies.device, cookies.mediator, cookies.session, cookies.newLink] {
            response.cookies[name] = cookies.expired
        }
        response.cookies[cookies.neutralTitles] = neutral ? cookies.value("1", lifetime: 365) : cookies.expired
        return response
    }
}
