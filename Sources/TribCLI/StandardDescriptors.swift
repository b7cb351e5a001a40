#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard input, output and error as the process found them.
///
/// A descriptor the shell closed (`<&-`, `>&-`) is a free number that the next `open`, socket or
/// event loop would take: reading "standard input" would then read an epoll descriptor, and
/// printing would write to a node's socket. ``secure()`` fills each closed one with `/dev/null`
/// before anything else opens a file, and remembers that it was closed.
struct StandardDescriptors: Sendable {
    /// Which of 0, 1, 2 were closed at start.
    var closed: Set<Int32> = []

    /// Checks 0, 1 and 2, and fills each closed one with `/dev/null` (read-only for input).
    static func secure() -> StandardDescriptors {
        var result = StandardDescriptors()
        for descriptor: Int32 in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
            guard fcntl(descriptor, F_GETFD) == -1, errno == EBADF else { continue }
            result.closed.insert(descriptor)
            // `open` returns the lowest free number, which is this one.
            let opened = open("/dev/null", descriptor == STDIN_FILENO ? O_RDONLY : O_WRONLY)
            if opened >= 0, opened != descriptor {
                _ = dup2(opened, descriptor)
                _ = close(opened)
            }
        }
        return result
    }
}
