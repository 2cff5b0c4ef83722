import Foundation
import TejidoCore

/// A data folder of its own on disk, as `TEJIDO_DATA_DIR` names one: its SQLite file and, unless
/// told otherwise, its key file. Removed by `remove()`.
struct DataFolder {
    let path = NSTemporaryDirectory() + "tejido-data-\(UUID().uuidString)"

    var database: String { path + "/tejido.sqlite" }
    var keyFile: String { path + "/instance.key" }
    /// What the commands read for this folder.
    var config: Configuration { Configuration(mode: .testing, dataDirectory: path, passphraseHashCost: 4) }

    /// With a new instance key, or a copy of `sharing`'s, or none.
    init(key: Bool = true, sharing other: DataFolder? = nil) throws {
        if let other {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: other.keyFile, toPath: keyFile)
        } else if key {
            try InstanceKeyFile.create(path: keyFile)
        } else {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
    }

    /// For `withTejido`: run on this folder's database and key file.
    func use(_ config: inout Configuration) {
        config.database = .sqlite(path: database)
        config.keyFilePath = keyFile
    }

    var keyID: String { (try? InstanceKeyFile.loadRing(path: keyFile).currentID) ?? "" }

    var files: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
