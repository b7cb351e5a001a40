import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The built `redis-trib` binary, run as a child process.
///
/// Standard error goes to a file rather than a pipe, so a command that writes much there (`-v`)
/// cannot block while its standard output is being read.
struct TribProcess {
    let process: Process
    let output: Pipe
    let errorsFile: URL

    /// The binary beside the test bundle.
    static var binaryPath: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundle.appendingPathComponent("redis-trib").path
    }

    /// Starts the binary (or `executable`, another tool run the same way: `redis-cli`).
    static func start(
        _ arguments: [String], environment: [String: String] = [:], input: String? = nil, executable: String = binaryPath
    ) throws -> TribProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "REDISCLI_AUTH")
        env.removeValue(forKey: "VALKEYCLI_AUTH")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let errorsFile = FileManager.default.temporaryDirectory.appendingPathComponent("trib-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorsFile.path, contents: nil)
        let output = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorsFile)
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        return TribProcess(process: process, output: output, errorsFile: errorsFile)
    }

    /// Runs to the end: exit status, stdout, stderr. The wait happens on a thread of its own (``onOwnThread(_:)``).
    static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        input: String? = nil,
        executable: String = binaryPath
    ) async throws -> (status: Int32, out: String, err: String) {
        try await onOwnThread { try runBlocking(arguments, environment: environment, input: input, executable: executable) }
    }

    /// ``run(_:environment:input:)`` on the calling thread, which it blocks until the tool exits:
    /// only for a cleanup in `defer`, where nothing can be awaited.
    static func runBlocking(
        _ arguments: [String],
        environment: [String: String] = [:],
        input: String? = nil,
        executable: String = binaryPath
    ) throws -> (status: Int32, out: String, err: String) {
        try start(arguments, environment: environment, input: input, executable: executable).finish()
    }

    /// Waits, blocking the calling thread, until the started process exits: exit status, stdout, stderr.
    func finish() throws -> (status: Int32, out: String, err: String) {
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: errorsFile) }
        // Not `try?`: an unreadable file would read as an empty stderr, and "nothing on stderr" would pass.
        let err = try Data(contentsOf: errorsFile)
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: errorsFile)
    }
}
