import Foundation
import RedisTrib
import Testing
import TribCommands

@testable import TribCLI

/// The completion scripts name everything the tables declare, and each shell accepts its script.
struct CompletionScriptTests {
    let script = CompletionScript()

    /// Every command name and alias, and every option spelling a user types, from the tables.
    static let declaredNames: [String] =
        ToolCommand.all.map(\.name) + CommandCatalog.allNames + GlobalOption.all.flatMap(\.names)
        + CommandCatalog.commands.flatMap { $0.options.map(\.name) + $0.parameters.compactMap(\.optionName) }

    @Test("the script names every command, alias and option", arguments: CompletionScript.Shell.allCases)
    func namesEverything(shell: CompletionScript.Shell) {
        let text = script.text(for: shell)
        let words = Set(text.split { " \t\n'\"()|=".contains($0) }.map { $0.split(separator: ":").first.map(String.init) ?? "" })
        for name in Self.declaredNames {
            // fish spells options without their dashes (`-l replace`, `-s a`).
            let spelled = shell == .fish ? String(name.drop { $0 == "-" }) : name
            #expect(words.contains(spelled), "the \(shell) script lacks \(name)")
        }
    }

    @Test func theChoicesOfAFirstArgumentAreOffered() {
        for shell in CompletionScript.Shell.allCases {
            let text = script.text(for: shell)
            #expect(text.contains("start status stop") || text.contains("'start' 'status' 'stop'"), "\(shell)")
            #expect(text.contains("bash zsh fish") || text.contains("'bash' 'zsh' 'fish'"), "\(shell)")
        }
    }

    @Test func aQuoteInASummaryIsQuotedForTheShell() {
        #expect(CompletionScript.singleQuoted("it's") == #"'it'\''s'"#)
    }

    /// Runs `shell` with `arguments` and `input` on standard input; its status and output.
    private static func run(_ shell: String, _ arguments: [String], input: String = "") throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [shell] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// Whether `shell` is on the PATH (zsh and fish are optional; the test says it is skipped when not).
    static func installed(_ shell: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(shell)")
        }
    }

    @Test("bash accepts its script", .enabled(if: installed("bash")))
    func bashSyntax() throws {
        let result = try Self.run("bash", ["-n"], input: script.text(for: .bash))
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("zsh accepts its script", .enabled(if: installed("zsh")))
    func zshSyntax() throws {
        let result = try Self.run("zsh", ["-n"], input: script.text(for: .zsh))
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("fish accepts its script", .enabled(if: installed("fish")))
    func fishSyntax() throws {
        let result = try Self.run("fish", ["--no-execute"], input: script.text(for: .fish))
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(
        "bash completes commands, first arguments and options after global options",
        .enabled(if: installed("bash")),
        arguments: [
            (["--timeout", "5", "sand"], "sandbox"),
            (["sandbox", ""], "start status stop"),
            (["migrate", "--re"], "--replace"),
            (["help", "migrate_s"], "migrate_slots"),
            (["completion", "z"], "zsh"),
            (["sandbox", "start", "s"], ""),
        ]
    )
    func bashCompletes(words: [String], expected: String) throws {
        let words = ["redis-trib"] + words
        let program =
            script.text(for: .bash) + """
                COMP_WORDS=(\(words.map { CompletionScript.singleQuoted($0) }.joined(separator: " ")))
                COMP_CWORD=\(words.count - 1)
                _redis_trib
                echo "${COMPREPLY[*]}"
                """
        let result = try Self.run("bash", [], input: program)
        #expect(result.output == expected + "\n")
    }

    @Test(
        "fish completes commands, first arguments and options",
        .enabled(if: installed("fish")),
        arguments: [("redis-trib sand", "sandbox"), ("redis-trib sandbox ", "start\nstatus\nstop"), ("redis-trib migrate --re", "--replace")]
    )
    func fishCompletes(line: String, expected: String) throws {
        let program = script.text(for: .fish) + "complete -C '\(line)' | string replace -r '\\t.*' ''\n"
        let result = try Self.run("fish", [], input: program)
        #expect(result.output == expected + "\n")
    }
}
