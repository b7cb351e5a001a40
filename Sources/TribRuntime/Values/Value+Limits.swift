import RedisTrib

extension Value {
    /// The most elements a list may hold, nested lists' elements included (and counted once per
    /// place they appear, as `echo` would write them).
    public static let maximumElements = 1_000_000
    /// The most bytes of text a string, or all the strings in a list together, may hold (64 MiB).
    public static let maximumTextBytes = 64 << 20
    /// How deeply lists may nest in lists.
    public static let maximumNesting = 64

    /// Why the value is too big for the limits above, or `nil` when it is within them.
    ///
    /// Doubling a list or a string in a loop (`l = $l + $l`) reaches gigabytes in 30 steps; every
    /// operation that makes a bigger value asks this first. The walk stops as soon as a limit is
    /// passed, so it costs at most about ``maximumElements`` steps, and it keeps its own stack, so
    /// no nesting can overflow the real one.
    func sizeViolation() -> String? {
        switch self {
        case .string(let text):
            return text.utf8.count > Self.maximumTextBytes
                ? "a string of \(text.utf8.count.grouped) bytes is longer than the limit of \(Self.maximumTextBytes.grouped) bytes (64 MiB)"
                : nil
        case .list:
            break
        default:
            return nil
        }
        var elements = 0
        var bytes = 0
        var pending: [(Value, depth: Int)] = [(self, 1)]
        while let (value, depth) = pending.popLast() {
            guard case .list(let items) = value else { continue }
            if depth > Self.maximumNesting {
                return "lists nest deeper than the limit of \(Self.maximumNesting) levels"
            }
            elements += items.count
            if elements > Self.maximumElements {
                return "the list would have more than the limit of \(Self.maximumElements.grouped) elements"
            }
            for item in items {
                switch item {
                case .string(let text): bytes += text.utf8.count
                case .list: pending.append((item, depth + 1))
                default: break
                }
            }
            if bytes > Self.maximumTextBytes {
                return "the strings of the list would hold more than the limit of \(Self.maximumTextBytes.grouped) bytes (64 MiB)"
            }
        }
        return nil
    }
}
