import Foundation
import Testing

@testable import TejidoWeb

/// Found in the browser walk: started from another folder, the binary crashed instead of finding
/// its translations or saying what to do.
@Suite("Where Tejido's own files are")
struct TejidoHomeTests {
    @Test("the working folder, else TEJIDO_HOME, else the checkout above the binary; none of them, nothing")
    func locate() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tejido-home-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let checkout = root + "/checkout"
        try FileManager.default.createDirectory(atPath: checkout + "/Resources/Localization", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: checkout + "/.build/debug", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/elsewhere", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: checkout + "/" + TejidoHome.marker, contents: Data("{}".utf8))
        let binary = checkout + "/.build/debug/tejido"

        #expect(TejidoHome.locate(workingDirectory: checkout, environment: [:], executable: "/usr/bin/x") == checkout + "/")
        #expect(TejidoHome.locate(workingDirectory: root + "/elsewhere", environment: [:], executable: binary) == checkout + "/")
        #expect(
            TejidoHome.locate(workingDirectory: root + "/elsewhere", environment: ["TEJIDO_HOME": checkout], executable: "/x")
                == checkout + "/")
        // A TEJIDO_HOME that does not hold them is not silently replaced by a guess.
        #expect(
            TejidoHome.locate(workingDirectory: checkout, environment: ["TEJIDO_HOME": root + "/elsewhere"], executable: binary)
                == nil)
        #expect(TejidoHome.locate(workingDirectory: root + "/elsewhere", environment: [:], executable: "/usr/bin/x") == nil)
    }
}
