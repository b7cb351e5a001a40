#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a password as redis-cli's `--askpass` does: from the terminal without echo, or one line
/// of standard input when that is not a terminal (the rest of the input is left for what follows).
public enum PasswordReader {
    /// Reads one line from `descriptor`; on a terminal, `prompt` goes to standard error first and
    /// what is typed is not echoed.
    ///
    /// - Returns: the line without its line break; `nil` at the end of the input before any byte.
    public static func read(prompt: String, from descriptor: Int32 = STDIN_FILENO) -> String? {
        guard isatty(descriptor) == 1 else {
            return readLine(from: descriptor)
        }
        var saved = termios()
        let canHideEcho = tcgetattr(descriptor, &saved) == 0
        if canHideEcho {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            quiet.c_lflag |= tcflag_t(ICANON)
            _ = tcsetattr(descriptor, TCSAFLUSH, &quiet)
        }
        write(STDERR_FILENO, prompt)
        let line = readLine(from: descriptor)
        if canHideEcho {
            _ = tcsetattr(descriptor, TCSAFLUSH, &saved)
        }
        // The Enter that ended the password was not echoed either.
        write(STDERR_FILENO, "\n")
        return line
    }

    /// Reads up to a line break, a byte at a time so that nothing after it is consumed.
    private static func readLine(from descriptor: Int32) -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        var sawAny = false
        while true {
            let count = Glibc.read(descriptor, &byte, 1)
            if count < 0, errno == EINTR { continue }
            guard count == 1 else { break }
            sawAny = true
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        guard sawAny else { return nil }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func write(_ descriptor: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buffer in
            _ = Glibc.write(descriptor, buffer.baseAddress, buffer.count)
        }
    }
}
