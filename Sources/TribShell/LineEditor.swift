import CEditLine
import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A line editor on the process's terminal, built on libedit: a prompt, emacs key bindings,
/// history on the arrow keys, Tab completion, and Ctrl-C that abandons the line.
///
/// libedit blocks while it reads, so every call into it happens on the editor's own serial
/// queue and ``readLine(prompt:)`` suspends the caller meanwhile. libedit reads characters
/// through a function of ours (`EL_GETCFN`) that waits on the terminal and on a pipe at once;
/// ``abandonLine()`` (safe from any thread) writes to the pipe, the function hands libedit a
/// Ctrl-C key, and the function bound to Ctrl-C moves to the end of the line and makes the next
/// read fail, which ends the line as ``Input/interrupted``. This replaces libedit's own signal
/// handling (`EL_SIGNAL`), which hands SIGINT back to the process rather than end the line, and
/// whose default reader retries a read that a signal interrupted.
///
/// The callbacks libedit makes (prompt, characters, bound keys) are C functions that capture
/// nothing; each finds its editor through libedit's client data (`EL_CLIENTDATA`).
public final class LineEditor: @unchecked Sendable {
    // @unchecked: the mutable state below is touched only on `queue` (from `readLine` and the
    // libedit callbacks it triggers); `abandonLine()` only writes to a pipe.

    /// The outcome of reading one line.
    public enum Input: Sendable, Equatable {
        /// The line, without its line break.
        case line(String)
        /// Ctrl-C abandoned the line; nothing should run.
        case interrupted
        /// Ctrl-D on an empty line, or the input closed.
        case endOfInput
    }

    private let editLine: OpaquePointer
    private let historyList: OpaquePointer
    private let queue = DispatchQueue(label: "redis-trib.line-editor")
    private let completionEngine: CompletionEngine?
    private let wakeReader: Int32
    private let wakeWriter: Int32
    private let isTerminal: Bool
    private var promptText: UnsafeMutablePointer<CChar>?
    /// The right prompt: the hint for the line as typed so far, or one space (never empty, so that
    /// libedit redraws it with every key instead of appending characters on its fast path).
    private var hintText: UnsafeMutablePointer<CChar>?
    /// Whether the right prompt shows a hint now.
    private var showsHint = false
    /// Set once the line is accepted or abandoned: the line left on the screen keeps no hint.
    private var hidesHint = false
    /// The line break read while a hint showed, handed to libedit once the hint is gone.
    private var pendingNewline: wchar_t?
    /// Set by Ctrl-C: the next character read fails, which ends `el_gets`.
    private var isAbandoning = false

    /// Opens an editor on standard input and output.
    ///
    /// Sets the `LC_CTYPE` locale from the environment, or to `C.UTF-8` when that is not UTF-8,
    /// since libedit converts what it reads with the current locale. Reads the user's
    /// `~/.editrc` (lines may start with `redis-trib:`) before binding Tab and Ctrl-C.
    /// - Parameters:
    ///   - programName: the name `~/.editrc` lines may be addressed to.
    ///   - historyLimit: how many entries the arrow keys can reach.
    ///   - completionEngine: what Tab asks; `nil` makes Tab insert nothing.
    /// - Returns: `nil` when libedit or the wake-up pipe cannot be set up.
    public init?(
        programName: String = "redis-trib",
        historyLimit: Int = ShellHistory.defaultLimit,
        completionEngine: CompletionEngine?
    ) {
        Self.useUTF8Locale()
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { return nil }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }
        guard let editLine = trib_el_init(programName) else {
            descriptors.forEach { _ = close($0) }
            return nil
        }
        guard let historyList = history_init() else {
            el_end(editLine)
            descriptors.forEach { _ = close($0) }
            return nil
        }
        self.editLine = editLine
        self.historyList = historyList
        self.wakeReader = descriptors[0]
        self.wakeWriter = descriptors[1]
        self.isTerminal = isatty(STDIN_FILENO) == 1
        self.completionEngine = completionEngine
        self.promptText = strdup("")
        self.hintText = strdup(" ")
        configure(historyLimit: historyLimit)
    }

    deinit {
        el_end(editLine)
        history_end(historyList)
        free(promptText)
        free(hintText)
        _ = close(wakeReader)
        _ = close(wakeWriter)
    }

    /// Shows `prompt` and reads one line; suspends until Enter, Ctrl-C or Ctrl-D.
    ///
    /// Text between two `\u{1}` characters in `prompt` is printed but takes no room (for colour
    /// sequences). Ctrl-C prints `^C` and a line break before returning ``Input/interrupted``.
    public func readLine(prompt: String) async -> Input {
        await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: self.readLineNow(prompt: prompt))
            }
        }
    }

    /// Ends the line being read as ``Input/interrupted``; callable from any thread, including
    /// a signal handler's queue. Does nothing useful when no line is being read: a request left
    /// over is dropped when the next line starts.
    public func abandonLine() {
        var byte: UInt8 = 0x03
        _ = write(wakeWriter, &byte, 1)
    }

    /// Replaces what the arrow keys reach with `entries`, oldest first.
    public func setHistory(_ entries: [String]) {
        queue.async {
            _ = trib_history_clear(self.historyList)
            for entry in entries {
                _ = trib_history_enter(self.historyList, entry)
            }
        }
    }

    /// Adds an entry the arrow keys reach (a multi-line entry comes back whole).
    public func addHistory(_ entry: String) {
        queue.async {
            _ = trib_history_enter(self.historyList, entry)
        }
    }

    // MARK: - Reading (on `queue`)

    private func readLineNow(prompt: String) -> Input {
        free(promptText)
        promptText = strdup(prompt)
        hidesHint = false
        pendingNewline = nil
        drainWakePipe()
        isAbandoning = false
        var count: Int32 = 0
        let text = el_gets(editLine, &count)
        if isAbandoning {
            isAbandoning = false
            writeOutput(isTerminal ? "^C\n" : "\n")
            return .interrupted
        }
        guard let text, count > 0 else {
            if isTerminal {
                writeOutput("\n")
            }
            return .endOfInput
        }
        var line = String(cString: text)
        if line.hasSuffix("\n") {
            line.removeLast()
        }
        return .line(line)
    }

    /// libedit's character source: one character from the terminal, or a failure that ends the
    /// line once Ctrl-C asked for it.
    private func readCharacter(into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
        character.pointee = 0
        if isAbandoning {
            errno = EINTR
            return -1
        }
        if let newline = pendingNewline {
            pendingNewline = nil
            character.pointee = newline
            return 1
        }
        var bytes: [UInt8] = []
        while true {
            switch waitForByte() {
            case .wakeUp:
                if isTerminal {
                    // Ctrl-C as a key, so the bound function runs with the line on screen.
                    character.pointee = 0x03
                    return 1
                }
                isAbandoning = true
                errno = EINTR
                return -1
            case .end:
                return 0
            case .failure(let code):
                errno = code
                return -1
            case .byte(let byte):
                bytes.append(byte)
                guard let length = Self.utf8Length(leadingByte: bytes[0]) else {
                    bytes.removeAll()
                    continue
                }
                if bytes.count < length {
                    continue
                }
                let scalar = String(decoding: bytes, as: UTF8.self).unicodeScalars.first ?? "\u{FFFD}"
                character.pointee = wchar_t(truncatingIfNeeded: scalar.value)
                if showsHint, scalar == "\r" || scalar == "\n" {
                    // The key that hides the hint first, so the line stays on screen without it; the line break next.
                    hidesHint = true
                    pendingNewline = character.pointee
                    character.pointee = Self.hideHintKey
                }
                return 1
            }
        }
    }

    private enum Wait {
        case byte(UInt8)
        case wakeUp
        case end
        case failure(Int32)
    }

    private func waitForByte() -> Wait {
        while true {
            var descriptors = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeReader, events: Int16(POLLIN), revents: 0),
            ]
            if poll(&descriptors, nfds_t(descriptors.count), -1) < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failure(errno)
            }
            if descriptors[1].revents & Int16(POLLIN) != 0 {
                drainWakePipe()
                return .wakeUp
            }
            if descriptors[0].revents != 0 {
                var byte: UInt8 = 0
                switch read(STDIN_FILENO, &byte, 1) {
                case 1: return .byte(byte)
                case 0: return .end
                default:
                    if errno == EINTR || errno == EAGAIN { continue }
                    return .failure(errno)
                }
            }
        }
    }

    private func drainWakePipe() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeReader, &buffer, buffer.count) > 0 {}
    }

    /// How many bytes the UTF-8 sequence starting with `byte` has; `nil` for a byte that cannot
    /// start one.
    static func utf8Length(leadingByte byte: UInt8) -> Int? {
        switch byte {
        case 0x00..<0x80: 1
        case 0xC2..<0xE0: 2
        case 0xE0..<0xF0: 3
        case 0xF0..<0xF5: 4
        default: nil
        }
    }

    /// The key (Ctrl-_) the reader hands libedit before a line break read while a hint shows.
    private static let hideHintKey: wchar_t = 0x1F

    /// The right prompt for the line as it is now: the completion engine's hint, cut to the room
    /// left on the line (libedit draws none that does not fit), or one space.
    private func currentHint() -> UnsafeMutablePointer<CChar>? {
        var text = " "
        if !hidesHint, !isAbandoning, let completionEngine, let info = el_line(editLine)?.pointee, let buffer = info.buffer, let cursor = info.cursor,
            let last = info.lastchar
        {
            let line = String(decoding: UnsafeRawBufferPointer(start: buffer, count: cursor - buffer), as: UTF8.self)
            let whole = String(decoding: UnsafeRawBufferPointer(start: buffer, count: last - buffer), as: UTF8.self)
            // Control characters from a hint would move the cursor: they are left out.
            if let hint = completionEngine.hint(lineBeforeCursor: line)?.filter({ !$0.isASCII || $0.asciiValue.map { $0 >= 0x20 } == true }),
                !hint.isEmpty
            {
                let prompt = promptText.map { String(cString: $0) } ?? ""
                let room = Terminal.columns(of: STDOUT_FILENO) - Self.visibleWidth(of: prompt) - whole.count - 3
                if room >= hint.count {
                    text = hint
                } else if room > 1 {
                    text = String(hint.prefix(room - 1)) + "…"
                }
            }
        }
        showsHint = text != " "
        free(hintText)
        hintText = strdup(text)
        return hintText
    }

    /// The characters of a prompt the screen shows: without what lies between two
    /// ``TerminalStyle/promptLiteralMarker``s (colour sequences).
    static func visibleWidth(of prompt: String) -> Int {
        var hidden = false
        var width = 0
        for character in prompt {
            if character == TerminalStyle.promptLiteralMarker {
                hidden.toggle()
            } else if !hidden {
                width += 1
            }
        }
        return width
    }

    // MARK: - Bound keys (on `queue`)

    /// Tab: completes the word before the cursor, or lists the candidates under the line.
    private func completeWord() -> UInt8 {
        guard let completionEngine, let info = el_line(editLine)?.pointee, let buffer = info.buffer, let cursor = info.cursor
        else {
            return UInt8(CC_REFRESH_BEEP)
        }
        let bytes = UnsafeRawBufferPointer(start: buffer, count: cursor - buffer)
        let lineBeforeCursor = String(decoding: bytes, as: UTF8.self)
        switch completionEngine.complete(lineBeforeCursor: lineBeforeCursor) {
        case .none:
            return UInt8(CC_REFRESH_BEEP)
        case .replaceWord(let text):
            let word = CompletionEngine.word(before: lineBeforeCursor)
            el_deletestr(editLine, Int32(word.unicodeScalars.count))
            if !text.isEmpty {
                _ = el_insertstr(editLine, text)
            }
            return UInt8(CC_REFRESH)
        case .list(let candidates):
            moveCursorToEnd()
            let lines = CompletionEngine.columns(candidates, width: Terminal.columns(of: STDOUT_FILENO))
            writeOutput("\r\n" + lines.joined(separator: "\r\n") + "\r\n")
            return UInt8(CC_REDISPLAY)
        }
    }

    /// Ctrl-C: moves to the end of the line and makes the next read fail, ending `el_gets`.
    private func abandonLineFromKey() -> UInt8 {
        isAbandoning = true
        moveCursorToEnd()
        return UInt8(CC_REFRESH)
    }

    private func moveCursorToEnd() {
        guard let info = el_wline(editLine)?.pointee, let cursor = info.cursor, let end = info.lastchar else { return }
        _ = el_cursor(editLine, Int32(end - cursor))
    }

    // MARK: - Set-up

    private func configure(historyLimit: Int) {
        _ = trib_el_set_client_data(editLine, Unmanaged.passUnretained(self).toOpaque())
        _ = trib_el_use_emacs_bindings(editLine)
        _ = trib_history_set_size(historyList, Int32(clamping: max(1, historyLimit)))
        _ = trib_el_set_history(editLine, historyList)
        _ = el_source(editLine, nil)
        // The callbacks capture nothing, as C function pointers must; each finds its editor again.
        _ = trib_el_add_function(editLine, "trib-complete", "Complete the word before the cursor") { editLine, _ in
            LineEditor.editor(of: editLine)?.completeWord() ?? UInt8(CC_ERROR)
        }
        _ = trib_el_add_function(editLine, "trib-abandon-line", "Abandon the line") { editLine, _ in
            LineEditor.editor(of: editLine)?.abandonLineFromKey() ?? UInt8(CC_ERROR)
        }
        _ = trib_el_bind(editLine, "^I", "trib-complete")
        _ = trib_el_bind(editLine, "^C", "trib-abandon-line")
        _ = trib_el_add_function(editLine, "trib-hide-hint", "Redraw the line without its hint") { _, _ in UInt8(CC_REFRESH) }
        _ = trib_el_bind(editLine, "^_", "trib-hide-hint")
        _ = trib_el_set_read_char(editLine) { editLine, character in
            guard let character, let editor = LineEditor.editor(of: editLine) else {
                errno = EIO
                return -1
            }
            return editor.readCharacter(into: character)
        }
        let literal = CChar(TerminalStyle.promptLiteralMarker.asciiValue ?? 1)
        _ = trib_el_set_prompt(editLine, { editLine in LineEditor.editor(of: editLine)?.promptText }, literal)
        _ = trib_el_set_right_prompt(editLine, { editLine in LineEditor.editor(of: editLine)?.currentHint() }, literal)
    }

    private func writeOutput(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }

    /// Uses the environment's character set if it is UTF-8, and `C.UTF-8` otherwise.
    private static func useUTF8Locale() {
        if setlocale(LC_CTYPE, "") != nil, let codeset = nl_langinfo(nl_item(CODESET)),
            String(cString: codeset) == "UTF-8"
        {
            return
        }
        _ = setlocale(LC_CTYPE, "C.UTF-8")
    }

    // MARK: - C callbacks

    /// The editor a libedit callback is for, from the client data `configure` stored.
    private static func editor(of editLine: OpaquePointer?) -> LineEditor? {
        guard let editLine, let data = trib_el_client_data(editLine) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
    }
}
