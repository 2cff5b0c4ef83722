import Foundation
import Testing

@testable import TejidoCore

@Suite("Directory: files, validation, search text")
struct DirectoryTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func report(_ text: String) throws -> DirectoryImport.Report {
        try DirectoryImport.read(Data(text.utf8), format: .csv, now: now, byteLimit: DirectoryImport.webLimit).get()
    }

    func refusal(_ text: String, format: DirectoryImport.Format = .csv) -> String? {
        if case .failure(let problem) = DirectoryImport.read(
            Data(text.utf8), format: format, now: now, byteLimit: DirectoryImport.webLimit)
        {
            return problem.messageKey
        }
        return nil
    }

    @Test("CSV: quotes, doubled quotes, commas and line breaks inside fields, CRLF")
    func csvParsing() throws {
        let records = try CSV.parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\n1,,3")
        #expect(records.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["1", "", "3"]])
        #expect(records.map(\.line) == [1, 2, 5])
    }

    @Test("CSV: bad quoting is malformed, with its line")
    func csvMalformed() {
        #expect(throws: CSV.Malformed(line: 2, reason: .unterminatedQuote)) { try CSV.parse("a,b\n\"never ends,1\n2,3") }
        #expect(throws: CSV.Malformed(line: 2, reason: .quoteInsideField)) { try CSV.parse("a,b\nhalf\"quoted,1") }
        #expect(throws: CSV.Malformed(line: 1, reason: .textAfterClosingQuote)) { try CSV.parse("\"a\"b,c") }
    }

    @Test("an import keeps good rows and reports each bad row with its line and reason")
    func rowsRejectedPrecisely() throws {
        let result = try report(
            """
            kind,name,website,languages,may_involve_police,visibility
            crisis_team,Red de Apoyo,https://example.org,"es, tzo",no,public
            ,Missing kind,,,,
            hugs,Unknown kind,,,,
            shelter,,,,,
            legal,<script>alert(1)</script>,,,,
            counselling,Bad web,javascript:alert(1),,,
            medical,Too many,,,,,
            survivor_support,Bad answer,,,perhaps,
            ,,,,,
            """)
        #expect(result.accepted.map(\.name) == ["Red de Apoyo"])
        #expect(result.accepted.first?.languages == ["es", "tzo"])
        #expect(result.accepted.first?.safety.mayInvolvePolice == .no)
        let reasons = result.rejected.map {
            "\($0.row): " + $0.problems.map { "\($0.field)=\($0.messageKey)" }.joined(separator: " ")
        }
        #expect(
            reasons == [
                "3: kind=error_directory_kind", "4: kind=error_directory_kind", "5: name=error_directory_name",
                "6: name=error_directory_markup", "7: website=error_directory_website", "8: row=error_directory_field_count",
                "9: may_involve_police=error_directory_choice",
            ])
    }

    @Test("a file that cannot be read exactly is refused whole")
    func filesRefusedWhole() {
        #expect(refusal("kind,name\ncrisis_line,\"Unclosed\n") == "error_directory_csv_unterminatedQuote")
        #expect(refusal("name,description\nA,B") == "error_directory_columns_missing")
        #expect(refusal("kind,name,colour\nlegal,A,red") == "error_directory_columns_unknown")
        #expect(refusal("kind,name,name\nlegal,A,B") == "error_directory_columns_repeated")
        #expect(
            refusal(#"{"format":"tejido.directory","schemaVersion":1,"entries":[],"entries":[]}"#, format: .json)
                == "error_directory_json_duplicate")
        #expect(refusal(#"{"format":"other","schemaVersion":1,"entries":[]}"#, format: .json) == "error_directory_json_format")
        let huge = Data(repeating: UInt8(ascii: "a"), count: DirectoryImport.webLimit + 1)
        guard case .failure(let problem) = DirectoryImport.read(huge, now: now, byteLimit: DirectoryImport.webLimit) else {
            Issue.record("a huge file was read")
            return
        }
        #expect(problem.messageKey == "error_directory_file_large")
    }

    @Test("exports read back the same, in CSV and JSON, and spreadsheets cannot run a cell")
    func roundTrips() throws {
        let entries = [
            DirectoryEntry(
                kind: .crisisTeam, name: "=HYPERLINK(\"x\")", description: "Línea \"24h\", with commas\nand lines",
                country: "México",
                city: "Jovel", languages: ["es", "tzo"], phone: "+52 000", website: "https://example.org",
                safety: SafetyNotes(mayInvolvePolice: .no, confidential: .yes),
                lastVerified: Date(timeIntervalSince1970: 1_789_948_800),
                verifiedBy: "ana", isPublic: true),
            DirectoryEntry(kind: .legal, name: "Plain"),
        ]
        let csv = DirectoryFile.csv(entries)
        #expect(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""))
        #expect(try report(csv).accepted == entries)
        let json = try DirectoryFile.json(entries)
        #expect(try DirectoryImport.read(json, now: now, byteLimit: DirectoryImport.webLimit).get().accepted == entries)
        let withMark = Data([0xEF, 0xBB, 0xBF]) + json
        #expect(DirectoryImport.sniff(withMark) == .json)
        #expect(try DirectoryImport.read(withMark, now: now, byteLimit: DirectoryImport.webLimit).get().accepted == entries)
    }

    @Test("search text has no accents or capitals, so either spelling finds the other")
    func folding() {
        #expect(SearchText.fold("Violéncia MÉDICA, niñez!") == "violencia medica ninez")
        #expect(
            SearchText.words("  Médica   \"drop\" OR * a ") == ["medica", "drop", "or"], "one letter is not a word to search")
        let entry = DirectoryEntry(kind: .crisisLine, name: "Línea Violeta", description: "Atención médica")
        #expect(entry.searchText.contains("linea violeta atencion medica"))
        #expect(entry.searchText.contains("crisis line") && entry.searchText.contains("linea de crisis"))
        #expect(!DirectoryValidator.isWebAddress("https://exa\u{202E}mple.org"), "no invisible direction changes in links")
        #expect(
            !DirectoryValidator.isWebAddress("javascript:alert(1)")
                && DirectoryValidator.isWebAddress("https://example.org/a?b=c"))
    }

    @Test("an entry never checked, or checked too long ago, is out of date")
    func staleness() {
        var entry = DirectoryEntry(kind: .legal, name: "A")
        #expect(entry.isOutOfDate(now: now, months: 12))
        entry.lastVerified = now.addingTimeInterval(-200 * 86_400)
        #expect(!entry.isOutOfDate(now: now, months: 12))
        #expect(entry.isOutOfDate(now: now, months: 6))
    }

    @Test("the starter set names organisations with a website at most, and nothing is marked checked")
    func starter() {
        for entry in StarterDirectory.entries {
            #expect(entry.phone.isEmpty && entry.address.isEmpty && entry.lastVerified == nil && !entry.isPublic)
            #expect(DirectoryValidator.problems(in: entry, now: now).isEmpty)
        }
        #expect(StarterDirectory.entries.contains { $0.name == "Bay Area Transformative Justice Collective" })
    }
}

extension DirectoryTests {
    @Test("a full-text query carries its scope and filters as index tokens, and words cannot forge them")
    func ftsQuery() {
        let casa = UUID(uuidString: "00000000-0000-0000-0000-0000000000C1")!
        let search = DirectorySearch(
            text: "Médica zqpublic", kind: .crisisTeam, region: "Chiapas", language: "es", noPolice: true)
        #expect(
            search.ftsQuery(collectives: [casa], publicOnly: true)
                == "body : \"medica\"* AND place : \"chiapas\"* AND body : zqkcrisisteam AND body : zqles AND body : zqnopolice")
        #expect(DirectorySearch(kind: .legal).ftsQuery(collectives: [casa], publicOnly: false) == nil, "no words: no index query")
        let entry = DirectoryEntry(
            kind: .crisisTeam, name: "A", languages: ["es"], safety: SafetyNotes(mayInvolvePolice: .no), isPublic: true)
        #expect(DirectorySearch.tokens(for: entry, in: casa).split(separator: " ").count == 5)
    }
}
