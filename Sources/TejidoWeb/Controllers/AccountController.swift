import Fluent
import TejidoCore
import Vapor

/// The signed-in person's own account: preferences, passphrase, sessions, deletion.
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.account, use: show)
        routes.post(.accountPreferences, use: preferences)
        routes.post(.accountPassphrase, use: passphrase)
        routes.post(.accountLogOutEverywhere, use: logOutEverywhere)
        routes.post(.accountDelete, use: delete)
    }

    /// The account page, with whichever of its forms came back and the answer's status.
    func render(
        _ req: Request, user: SignedInUser, noticeKey: String? = nil, recoveryCode: String? = nil,
        passphraseForm: FormState = .empty, deleteForm: FormState = .empty, recoveryForm: FormState = .empty,
        status: HTTPStatus = .ok
    ) -> Response {
        let page = AccountPage.build(
            username: user.username, neutralTitles: user.neutralTitles, hasRecoveryCode: req.context.hasRecoveryCode,
            noticeKey: noticeKey, recoveryCode: recoveryCode, recoveryForm: recoveryForm, passphraseForm: passphraseForm,
            deleteForm: deleteForm, req.pageContext)
        return req.page(page, titleKey: "account_title", status: status)
    }

    func owner(_ req: Request, for action: AccessAction) throws -> SignedInUser {
        let user = try req.requireUser()
        try req.authorize(action, .account(userID: user.id))
        return user
    }

    func show(_ req: Request) async throws -> Response {
        let user = try owner(req, for: .viewOwnAccount)
        let notice = req.query[String.self, at: "notice"].flatMap { ["saved", "recovered"].contains($0) ? $0 : nil }
        return try await NewLink.showing(req) { code in
            render(req, user: user, noticeKey: notice, recoveryCode: code)
        }
    }

    struct PreferencesForm: Content, EmptyInitializable {
        var neutral_titles: String?
        var lang: String?
    }

    func preferences(_ req: Request) async throws -> Response {
        let user = try owner(req, for: .changeOwnPreferences)
        let form = req.form(PreferencesForm.self)
        try await UserQueries(database: req.db).savePreferences(
            user.id, neutralTitles: form.neutral_titles == "on", language: form.lang.flatMap(Language.init(rawValue:)))
        let response = req.redirect(to: SiteURL.account.path + "?notice=saved", redirectType: .normal)
        let neutral = form.neutral_titles == "on"
        // The device remembers the choice for the pages shown while signed out.
        let cookies = req.services.cookies
        response.cookies[cookies.neutralTitles] = cookies.value(neutral ? "1" : "0", lifetime: 365)
        return response
    }

    struct PassphraseForm: Content, EmptyInitializable {
        var current: String?
        var new: String?
        var confirmation: String?
    }

    func passphrase(_ req: Request) async throws -> Response {
        let user = try owner(req, for: .changeOwnPassphrase)
        let form = req.form(PassphraseForm.self)
        let accounts = AccountService(database: req.db, services: req.services, application: req.application)
        do {
            try await accounts.changePassphrase(
                userID: user.id, current: form.current ?? "", new: form.new ?? "",
                confirmation: form.confirmation ?? "", clientAddress: req.clientAddress, deviceCookie: req.deviceCookie)
        } catch let error as TejidoError where error.isInvalidOrThrottled {
            // Too many wrong attempts is said beside the field, like a wrong passphrase.
            let problems = error.problems(throttledField: "current")
            return render(
                req, user: user, passphraseForm: FormState(values: [:], problems: problems, request: req),
                status: .unprocessableEntity)
        }
        // Anyone who knew the old passphrase may hold a session: all of them end, this one too.
        try await SessionStore.endAll(userID: user.id, on: req.db)
        let response = req.redirect(to: SiteURL.login.path + "?notice=passphrase_changed", redirectType: .normal)
        try await SessionStore.end(on: req, response: response)
        return response
    }

    func logOutEverywhere(_ req: Request) async throws -> Response {
        let user = try owner(req, for: .logOutEverywhere)
        try await SessionStore.endAll(userID: user.id, on: req.db)
        let response = req.redirect(to: SiteURL.login.path + "?notice=signed_out_everywhere", redirectType: .normal)
        try await SessionStore.end(on: req, response: response)
        return response
    }

    struct DeleteForm: Content, EmptyInitializable {
        var passphrase: String?
    }

    func delete(_ req: Request) async throws -> Response {
        let user = try owner(req, for: .deleteOwnAccount)
        let form = req.form(DeleteForm.self)
        let accounts = AccountService(database: req.db, services: req.services, application: req.application)
        // Her lessons, found with her key while she still holds it: once her account is gone
        // nobody could take them back, so they go with it.
        let lessons = try await req.lessonService.survivorsOwn()
        do {
            try await accounts.delete(
                userID: user.id, passphrase: form.passphrase ?? "", clientAddress: req.clientAddress,
                deviceCookie: req.deviceCookie)
        } catch let error as TejidoError where error.isInvalidOrThrottled {
            let problems = error.problems(throttledField: "passphrase")
            return render(
                req, user: user, deleteForm: FormState(values: [:], problems: problems, request: req),
                status: .unprocessableEntity)
        } catch TejidoError.conflict(let key) {
            let problems = [
                FieldProblem(field: "passphrase", messageKey: key == "error_members_last_admin" ? "error_delete_last_admin" : key)
            ]
            return render(
                req, user: user, deleteForm: FormState(values: [:], problems: problems, request: req), status: .conflict)
        }
        for lesson in lessons { try await req.lessonService.withdraw(lesson) }
        let response = req.redirect(to: SiteURL.login.path + "?notice=account_deleted", redirectType: .normal)
        try await SessionStore.end(on: req, response: response)
        return response
    }
}
