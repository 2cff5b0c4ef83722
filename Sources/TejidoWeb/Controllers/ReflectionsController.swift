import TejidoCore
import Vapor

/// The care team's counts of reflections (`viewReflections`: the care team alone).
struct ReflectionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.reflections(slug: .placeholder(.slug)), use: show)
    }

    func show(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewReflections)
        // One window, of complete quarters only: two windows to compare would be a subtraction.
        let window = ReflectionSummary.window(before: req.now, calendar: .utc)
        let minimum = req.services.config.reflectionMinimumGroup
        let answers = try await Reflections.answers(
            collectiveID: collective.requireID(), months: window, keys: req.services.reflectionKeys, on: req.db)
        let page = ReflectionsPage.build(
            ReflectionSummary(answers, months: window, minimum: minimum), minimum: minimum, req.pageContext)
        return req.page(page, titleKey: "reflections_title")
    }
}
