import Testing
import TribLanguage

@Suite struct DiagnosticRendererTests {
    func render(_ text: String, name: String = "t.trib") -> String {
        let source = SourceFile(name: name, text: text)
        return DiagnosticRenderer().render(Parser.parse(source).diagnostics, in: source)
    }

    @Test func caretUnderlinesAMultiCharacterRange() {
        #expect(
            render("connect 127.0.0.1:70000 # port too large\n")
                == """
                t.trib:1:19: error: the port 70000 of `127.0.0.1:70000` is not in 1…65535
                connect 127.0.0.1:70000 # port too large
                                  ^~~~~
                """
        )
    }

    @Test func columnsCountCharactersNotBytes() {
        // `é`, `ñ` and `👍🏽` take 2, 2 and 8 bytes; the header counts characters, the caret the
        // columns a terminal draws: one each, two for the emoji.
        #expect(
            render("echo \"é\" 'ñé👍🏽' x")
                == """
                t.trib:1:10: error: strings are written in double quotes
                echo "é" 'ñé👍🏽' x
                         ^~~~~~
                t.trib:1:10: help: use double quotes
                """
        )
    }

    @Test func theCaretSkipsTwoColumnsForAWideCharacter() {
        #expect(
            render("echo \"日本日本\" 'x'")
                == """
                t.trib:1:13: error: strings are written in double quotes
                echo "日本日本" 'x'
                                ^~~
                t.trib:1:13: help: use double quotes
                """
        )
    }

    @Test func unclosedBlockNotesWhereTheBlockOpened() {
        #expect(
            render("for n in masters() {\n  echo $n\n", name: "deploy.trib")
                == """
                deploy.trib:3:1: error: expected `}` to close the block

                ^
                deploy.trib:1:20: note: block opened here
                for n in masters() {
                                   ^
                """
        )
    }

    @Test func tabsBeforeTheRangeAreRepeated() {
        #expect(
            render("if $a {\n\tlet x = 1 2\n}")
                == "t.trib:2:12: error: expected the end of the statement (a newline or `;`), found `2`\n"
                + "\tlet x = 1 2\n"
                + "\t          ^"
        )
    }

    @Test func rangeOverSeveralLinesIsUnderlinedToTheEndOfItsFirstLine() {
        let source = SourceFile(name: "t", text: "echo one two\nthree")
        let range = SourceRange(start: source.location(at: 5), end: source.location(at: 16))
        let diagnostic = Diagnostic("runtime-error", "failed", at: range)
        #expect(
            DiagnosticRenderer().render(diagnostic, in: source) == "t:1:6: error: failed\necho one two\n     ^~~~~~~")
    }

    @Test func runtimeDiagnosticsWithNotesAndSuggestions() {
        let source = SourceFile(name: "run.trib", text: "for n in masters() {\n  migrat_slots $n x 0-7\n}\n")
        let loop = SourceRange(start: source.location(at: 0), end: source.location(at: 3))
        let name = SourceRange(start: source.location(at: 23), end: source.location(at: 35))
        let diagnostic = Diagnostic(
            .unknownCommand,
            severity: .error,
            "unknown command `migrat_slots`",
            at: name,
            notes: [
                Diagnostic.Note("in iteration 2 of the loop, where $n = 127.0.0.1:7001", at: loop),
                Diagnostic.Note("run `help` for the list of commands"),
            ],
            suggestion: Suggestion.didYouMean("migrat_slots", among: ["migrate_slots", "check"], at: name)
        )
        #expect(
            DiagnosticRenderer().render(diagnostic, in: source)
                == """
                run.trib:2:3: error: unknown command `migrat_slots`
                  migrat_slots $n x 0-7
                  ^~~~~~~~~~~~
                run.trib:1:1: note: in iteration 2 of the loop, where $n = 127.0.0.1:7001
                for n in masters() {
                ^~~
                run.trib: note: run `help` for the list of commands
                run.trib:2:3: help: did you mean `migrate_slots`?
                """
        )
    }

    @Test func warningsAndSeveralDiagnostics() {
        let source = SourceFile(name: "t", text: "a\nb")
        let diagnostics = [
            Diagnostic("custom", severity: .warning, "first", at: SourceRange(at: source.location(at: 0))),
            Diagnostic("custom", "second", at: SourceRange(start: source.location(at: 2), end: source.location(at: 3))),
        ]
        #expect(
            DiagnosticRenderer().render(diagnostics, in: source)
                == "t:1:1: warning: first\na\n^\nt:2:1: error: second\nb\n^"
        )
    }

    @Test func theLineFilterChangesOnlyTheQuotedLine() {
        let source = SourceFile(name: "t", text: "a\nsecret x", firstLine: 4)
        let diagnostic = Diagnostic("custom", "secret", at: SourceRange(start: source.location(at: 9), end: source.location(at: 10)))
        let renderer = DiagnosticRenderer { $0.replacing("secret", with: "******") }
        #expect(renderer.render(diagnostic, in: source) == "t:5:8: error: secret\n****** x\n       ^")
    }

    @Test func aLineOutsideTheSourceOnlyShowsTheHeader() {
        let source = SourceFile(name: "t", text: "a")
        let location = TribLanguage.SourceLocation(offset: 40, line: 9, column: 1)
        let diagnostic = Diagnostic("custom", "far away", at: SourceRange(at: location))
        #expect(DiagnosticRenderer().render(diagnostic, in: source) == "t:9:1: error: far away")
    }
}
