import TejidoCore
import Vapor

/// A recovery code for one's own key (made on the account page, shown once), and using it when
/// the passphrase is forgotten: there is no e-mail reset, and nobody else can open a person's key.
struct RecoveryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.accountRecoveryCode, use: makeCode)
        routes.get(.recover, use: showRecover)
        routes.post(.recover, use: recover)
    }

    struct CodeForm: Content, EmptyInitializable {
        var passphrase: String?
    }

    /// Asks for the passphrase again (a borrowed, unlocked session must not make a code that would
    /// take the account over), then shows the new code once.
    func makeCode(_ req: Request) async throws -> Response {
        let user = try AccountController().owner(req, for: .makeRecoveryCode)
        guard case .person(_, let key) = req.context.opener else { throw TejidoError.signInRequired }
        let form = req.form(CodeForm.self)
        let accounts = AccountService(database: req.db, services: req.services, application: req.application)
        guard let record = try await UserQueries(database: req.db).find(user.id) else { throw TejidoError.notFound }
        var problem: String?
        do {
            let right = try await accounts.checkPassphrase(
                form.passphrase ?? "", of: record, typedName: record.username, clientAddress: req.clientAddress,
                deviceCookie: req.deviceCookie)
            if !right { problem = "error_passphrase_wrong" }
        } catch TejidoError.throttled {
            problem = "error_login_throttled"
        }
        if let problem {
            let problems = [FieldProblem(field: "recovery_passphrase", messageKey: problem)]
            return AccountController().render(
                req, user: user, recoveryForm: FormState(values: [:], problems: problems, request: req),
                status: .unprocessableEntity)
        }
        let code = try await accounts.keys.makeRecoveryCode(for: user.id, key: key)
        // Shown once, on the account page the form redirects to: reloading it makes no new code.
        return NewLink.redirect(req, to: SiteURL.account.path, showing: code, anchor: "#recovery-heading")
    }

    struct RecoverForm: Content, EmptyInitializable {
        var username: String?
        var code: String?
        var new: String?
        var confirmation: String?
    }

    func showRecover(_ req: Request) async throws -> Response {
        try req.authorize(.usePublicPages, .publicPages)
        return req.page(RecoverPage.build(form: .empty), titleKey: "recover_title")
    }

    func recover(_ req: Request) async throws -> Response {
        try req.authorize(.usePublicPages, .publicPages)
        let form = req.form(RecoverForm.self)
        let accounts = AccountService(database: req.db, services: req.services, application: req.application)
        do {
            let (user, key) = try await accounts.recover(
                username: form.username ?? "", code: form.code ?? "", new: form.new ?? "",
                confirmation: form.confirmation ?? "", clientAddress: req.clientAddress)
            let userID = try user.requireID()
            let memberships = try await MembershipQueries(database: req.db).summaries(userID: userID)
            let response = req.redirect(to: SiteURL.account.path + "?notice=recovered", redirectType: .normal)
            try await SessionStore.start(
                userID: userID, key: key, collectiveID: memberships.first?.collectiveID, on: req, response: response)
            return response
        } catch let error as TejidoError where error.isInvalidOrThrottled {
            var problems = error.problems(throttledField: "code")
            if (form.username ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                problems.insert(FieldProblem(field: "username", messageKey: "error_recover_username"), at: 0)
            }
            if RecoveryCode.normalized(form.code ?? "").isEmpty, !problems.contains(where: { $0.field == "code" }) {
                problems.insert(FieldProblem(field: "code", messageKey: "error_recover_code"), at: min(1, problems.count))
            }
            // The name and the code are kept (the page is never stored); passphrases are typed again.
            let state = FormState(
                values: ["username": form.username ?? "", "code": form.code ?? ""], problems: problems, request: req)
            return req.page(RecoverPage.build(form: state), titleKey: "recover_title", status: .unprocessableEntity)
        }
    }
}
