import Foundation
import RedisTrib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from a file descriptor as they arrive, in bounded memory.
///
/// Standard input may be a terminal, a pipe that never ends (`yes 'echo y' |`), a device that
/// never sends a line break (`< /dev/urandom`), a directory or nothing at all (`<&-`); each gives
/// lines or a ``TribError``, never a trap or an unbounded buffer.
struct InputLineReader {
    /// The longest line accepted, in bytes (64 KiB).
    static let maximumLineBytes = 64 << 10

    let descriptor: Int32
    /// What is shown in errors: `standard input`.
    let name: String
    private var buffer: [UInt8] = []
    /// Where the unread part of `buffer` starts.
    private var start = 0
    private var atEnd = false
    /// Lines returned so far.
    private(set) var lineNumber = 0

    init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

    /// Why the descriptor cannot be read as lines of text (closed, a directory), or `nil`.
    func unreadable() -> TribError? {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            return TribError(.usage, "\(name) is closed (\(String(cString: strerror(errno))))")
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            return TribError(.usage, "\(name) is a directory, not a script")
        }
        return nil
    }

    /// The next line, without its line break; `nil` at the end of the input.
    ///
    /// - Throws: ``TribError`` `.usage` for a line longer than ``maximumLineBytes`` or a failed read.
    mutating func nextLine() throws(TribError) -> String? {
        var searched = start
        while true {
            if let newline = buffer[searched...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[start..<newline]
                start = newline + 1
                return try finish(line)
            }
            searched = buffer.count
            if buffer.count - start > Self.maximumLineBytes {
                throw tooLong()
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                return try finish(line)
            }
            // Drop what was returned before reading more, so the buffer holds at most one line and a read.
            if start > 0 {
                buffer.removeSubrange(..<start)
                searched -= start
                start = 0
            }
            try fill()
        }
    }

    private mutating func finish(_ line: ArraySlice<UInt8>) throws(TribError) -> String {
        lineNumber += 1
        guard line.count <= Self.maximumLineBytes else { throw tooLong() }
        return String(decoding: line, as: UTF8.self)
    }

    private func tooLong() -> TribError {
        TribError(.usage, "line \(lineNumber + 1) of \(name) is longer than \(Self.maximumLineBytes.grouped) bytes; is it a script?")
    }

    private mutating func fill() throws(TribError) {
        let chunk = 16 << 10
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        while true {
            let count = buffer[old...].withUnsafeMutableBytes { read(descriptor, $0.baseAddress, chunk) }
            if count > 0 {
                buffer.removeSubrange((old + count)...)
                return
            }
            if count < 0, errno == EINTR { continue }
            buffer.removeSubrange(old...)
            if count == 0 {
                atEnd = true
                return
            }
            let reason = errno == EISDIR ? "it is a directory" : String(cString: strerror(errno))
            throw TribError(.usage, "cannot read \(name): \(reason)")
        }
    }
}
