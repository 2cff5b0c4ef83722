import TejidoCore
import Vapor

/// The first-run page. Exists only while no collective does, and only for loopback unless the
/// operator says otherwise; afterwards it answers 404 like any unknown address.
struct SetupController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.setup, use: show)
        routes.post(.setup, use: submit)
    }

    struct SetupForm: Content, EmptyInitializable {
        var collective: String?
        var username: String?
        var passphrase: String?
        var confirmation: String?
    }

    private func guardOpen(_ req: Request) async throws {
        try req.authorize(.usePublicPages, .publicPages)
        guard try await SetupService(application: req.application, database: req.db).isOpen() else {
            throw TejidoError.notFound
        }
        guard req.isFromLoopback || req.services.config.setupFromAnyAddress else {
            throw TejidoError.setupOnlyFromServer
        }
    }

    func show(_ req: Request) async throws -> Response {
        try await guardOpen(req)
        return req.page(SetupPage.build(form: .empty), titleKey: "setup_title")
    }

    func submit(_ req: Request) async throws -> Response {
        try await guardOpen(req)
        let form = req.form(SetupForm.self)
        do {
            let (user, key, collective) = try await SetupService(application: req.application, database: req.db).run(
                collectiveName: form.collective ?? "", username: form.username ?? "", passphrase: form.passphrase ?? "",
                confirmation: form.confirmation ?? "", language: req.context.language)
            let response = req.redirect(.collective(slug: collective.slug))
            try await SessionStore.start(
                userID: user.requireID(), key: key, collectiveID: collective.requireID(), on: req, response: response)
            return response
        } catch TejidoError.invalid(let problems) {
            let state = FormState(
                values: ["collective": form.collective ?? "", "username": form.username ?? ""],
                problems: problems, request: req)
            return req.page(SetupPage.build(form: state), titleKey: "setup_title", status: .unprocessableEntity)
        }
    }
}
