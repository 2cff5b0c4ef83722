import Foundation
import TejidoCore
import Vapor

/// Where Tejido's own files are (Resources/ with the translations, Public/ with the stylesheet).
/// Vapor looks in the working directory; an operator who starts the binary from elsewhere (a
/// service manager, another folder) would otherwise get a crash instead of a sentence.
enum TejidoHome {
    static let marker = "Resources/Localization/en.json"

    /// `TEJIDO_HOME` if set; else the working directory; else the folders above the executable
    /// (a binary built in `.build/…/` finds the checkout it was built in).
    static func locate(workingDirectory: String, environment: [String: String], executable: String) -> String? {
        func holds(_ folder: String) -> Bool {
            FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(marker))
        }
        if let home = environment["TEJIDO_HOME"], !home.isEmpty { return holds(home) ? slash(home) : nil }
        if holds(workingDirectory) { return slash(workingDirectory) }
        var folder = (URL(fileURLWithPath: executable).resolvingSymlinksInPath().path as NSString).deletingLastPathComponent
        for _ in 0..<6 {
            if holds(folder) { return slash(folder) }
            let parent = (folder as NSString).deletingLastPathComponent
            if parent == folder { break }
            folder = parent
        }
        return nil
    }

    private static func slash(_ path: String) -> String { path.hasSuffix("/") ? path : path + "/" }

    /// Points the application at Tejido's files, or stops with a sentence saying what to do.
    static func use(in app: Application) throws {
        guard
            let home = locate(
                workingDirectory: app.directory.workingDirectory, environment: ProcessInfo.processInfo.environment,
                executable: CommandLine.arguments.first ?? "")
        else {
            throw ConfigurationError(problems: [
                "Tejido cannot find its own files (Resources/ and Public/). Run it from the folder that holds them, "
                    + "or set TEJIDO_HOME to that folder."
            ])
        }
        if home != app.directory.workingDirectory { app.directory = DirectoryConfiguration(workingDirectory: home) }
    }
}
