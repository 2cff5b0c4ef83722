@preconcurrency import Crypto
import Foundation
import Testing

@testable import TejidoCore

@Suite("Crypto helpers")
struct CryptoTests {
    let key = SymmetricKey(size: .bits256)

    @Test("seal then open gives back the plaintext")
    func roundTrip() throws {
        let sealed = try Sealing.seal("She asked that he not be told yet.", with: key, context: "case:1:narrative")
        #expect(try Sealing.openString(sealed, with: key, context: "case:1:narrative") == "She asked that he not be told yet.")
    }

    @Test("the sealed bytes do not contain the plaintext, and two seals differ")
    func ciphertextHidesPlaintext() throws {
        let text = "MARKER-plaintext-narrative"
        let first = try Sealing.seal(text, with: key, context: "c")
        let second = try Sealing.seal(text, with: key, context: "c")
        #expect(first.range(of: Data(text.utf8)) == nil)
        #expect(first != second)
    }

    @Test("any flipped byte is detected", arguments: [0, 1, 5, 13, 20, -1])
    func tamperDetection(position: Int) throws {
        var sealed = try Sealing.seal("do not call the police", with: key, context: "c")
        let index = position < 0 ? sealed.count - 1 : position
        sealed[index] ^= 0x01
        #expect(throws: (any Error).self) { try Sealing.openString(sealed, with: key, context: "c") }
    }

    @Test("the wrong key cannot open")
    func wrongKey() throws {
        let sealed = try Sealing.seal("private", with: key, context: "c")
        #expect(throws: SealingError.cannotOpen) {
            try Sealing.openString(sealed, with: SymmetricKey(size: .bits256), context: "c")
        }
    }

    @Test("a ciphertext moved to another record cannot open there")
    func wrongAssociatedData() throws {
        let sealed = try Sealing.seal("private", with: key, context: "case:1:narrative")
        #expect(throws: SealingError.cannotOpen) { try Sealing.openString(sealed, with: key, context: "case:2:narrative") }
    }

    @Test("truncated or empty input is malformed, not a crash")
    func malformed() {
        #expect(throws: SealingError.malformed) { try Sealing.open(Data(), with: key, associatedData: Data()) }
        #expect(throws: SealingError.malformed) { try Sealing.open(Data([1, 2, 3]), with: key, associatedData: Data()) }
    }

    @Test("keys other than 256 bits are refused")
    func keySize() {
        #expect(throws: SealingError.wrongKeySize) { try Sealing.seal("x", with: SymmetricKey(size: .bits128), context: "c") }
    }

    @Test("a wrapped data key unwraps only with the same key-encryption key and label")
    func keyWrapping() throws {
        let kek = InstanceKey(key: key).derived(.keyWrapping)
        let dataKey = KeyWrapping.newDataKey()
        let wrapped = try KeyWrapping.wrap(dataKey, with: kek, label: "case:7")
        let unwrapped = try KeyWrapping.unwrap(wrapped, with: kek, label: "case:7")
        #expect(unwrapped == dataKey)
        #expect(wrapped.range(of: dataKey.withUnsafeBytes { Data($0) }) == nil)
        #expect(throws: (any Error).self) { try KeyWrapping.unwrap(wrapped, with: kek, label: "case:8") }
        #expect(throws: (any Error).self) { try KeyWrapping.unwrap(wrapped, with: SymmetricKey(size: .bits256), label: "case:7") }
    }

    @Test("HKDF is deterministic and separates purposes")
    func derivation() {
        let instance = InstanceKey(key: key)
        #expect(instance.derived(.keyWrapping) == instance.derived(.keyWrapping))
        #expect(instance.derived(.keyWrapping) != instance.derived(.throttleKeys))
        #expect(instance.derived(.keyWrapping) != key)
        // RFC 5869 test case 1, so the construction is the standard one.
        let ikm = SymmetricKey(data: Data(repeating: 0x0b, count: 22))
        let salt = Data((0x00...0x0c).map { UInt8($0) })
        let info = Data((0xf0...0xf9).map { UInt8($0) })
        let okm = HKDF<SHA256>.deriveKey(inputKeyMaterial: ikm, salt: salt, info: info, outputByteCount: 42)
        let hex = okm.withUnsafeBytes { Data($0) }.map { String(format: "%02x", $0) }.joined()
        #expect(hex == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
    }

    @Test("pseudonyms are keyed: same input and key agree, another key disagrees")
    func pseudonyms() {
        let a = KeyDerivation.pseudonym(for: "address:10.0.0.1", key: key)
        #expect(a == KeyDerivation.pseudonym(for: "address:10.0.0.1", key: key))
        #expect(a != KeyDerivation.pseudonym(for: "address:10.0.0.1", key: SymmetricKey(size: .bits256)))
        #expect(!a.contains("10.0.0.1"))
    }

    @Test("tokens are long, random and stored only as a hash")
    func tokens() {
        let token = SecretToken.generate()
        #expect(token.value.count >= 43)
        #expect(token != SecretToken.generate())
        #expect(token.storedHash != token.value)
        #expect(token.storedHash.count == 64)
        #expect(SecretToken.constantTimeEquals(token.value, token.value))
        #expect(!SecretToken.constantTimeEquals(token.value, token.value + "x"))
    }

    @Test("an id's text is Foundation's, byte for byte: sealed rows are bound to it")
    func idText() {
        for id in (0..<2000).map({ _ in UUID() }) + [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))] {
            #expect(id.text == id.uuidString)
        }
        #expect(UUID(uuidString: "FFFFFFFF-0000-ABCD-EF01-23456789ABCD")!.text == "FFFFFFFF-0000-ABCD-EF01-23456789ABCD")
    }
}
