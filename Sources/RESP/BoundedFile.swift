#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file in bounded memory: a script, the shell's history.
///
/// `String(contentsOfFile:)` reads whatever it is given to the end: `/dev/zero` until memory runs
/// out. This stops after a limit, and refuses a directory or, when asked, anything but a regular
/// file. It lives beside the wire because it is the one module both the runtime and the shell
/// import that may do I/O (the language may not).
public enum BoundedFile {
    /// Why a file was not read.
    public enum ReadError: Error, Sendable, Equatable {
        /// A system call failed with this `errno` (`ENOENT` when there is no such file).
        case system(Int32)
        /// It is a directory.
        case directory
        /// It is not a regular file (a device, a FIFO, a directory), and only a regular file was asked for.
        case notRegularFile
        /// It is larger than the limit, or grew past it while it was read.
        case tooLarge
    }

    /// The text of the file at `path` (invalid UTF-8 repaired), at most `maximumBytes` long.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - maximumBytes: the most bytes read; a longer file is ``ReadError/tooLarge``.
    ///   - regularOnly: refuse all but a regular file. The file is then opened non-blocking, so that
    ///     a FIFO put in its place cannot hang the caller before `fstat` says what it is. Otherwise a
    ///     pipe is read to its end (`run <(…)`), and only a directory is refused.
    /// - Throws: ``ReadError``.
    public static func read(path: String, maximumBytes: Int, regularOnly: Bool) throws(ReadError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | (regularOnly ? O_NONBLOCK : 0))
        guard descriptor >= 0 else { throw .system(errno) }
        defer { _ = close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .system(errno) }
        let kind = status.st_mode & S_IFMT
        if regularOnly, kind != S_IFREG { throw .notRegularFile }
        if kind == S_IFDIR { throw .directory }
        if kind == S_IFREG, status.st_size > maximumBytes { throw .tooLarge }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                #if canImport(Glibc)
                Glibc.read(descriptor, buffer.baseAddress, buffer.count)
                #else
                Darwin.read(descriptor, buffer.baseAddress, buffer.count)
                #endif
            }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system(errno)
            }
            bytes += chunk[..<count]
            // A pipe has no size to check first, and a file may grow while it is read.
            guard bytes.count <= maximumBytes else { throw .tooLarge }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
