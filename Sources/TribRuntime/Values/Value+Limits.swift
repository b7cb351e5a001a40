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
    /// operation that makes a bigger value asks this first. A list knows its size (``ValueSize``),
    /// so a value within the limits is answered at once.
    func sizeViolation() -> String? {
        switch self {
        case .string(let text):
            return text.utf8.count > Self.maximumTextBytes
                ? "a string of \(text.utf8.count.grouped) bytes is longer than the limit of \(Self.maximumTextBytes.grouped) bytes (64 MiB)"
                : nil
        case .list(let list):
            return list.size.fits(atDepth: 1, elementsBefore: 0, textBytesBefore: 0) ? nil : Self.firstViolation(in: list)
        case .map(let map):
            return map.size.fits(atDepth: 1, elementsBefore: 0, textBytesBefore: 0)
                ? nil : Self.firstViolation(in: ValueList([.list(map.values)] + map.keys.map(Value.string)))
        default:
            return nil
        }
    }

    /// The limit a list passes first, in the order a walk through all of it meets them (each list
    /// before the lists in it, the later ones first): which limit the message names does not
    /// depend on how far the sizes let the walk skip.
    ///
    /// Counts only grow during the walk, so a list whose size fits on top of what was counted
    /// before it holds no violation and is counted whole; the walk goes only into lists that do
    /// not fit. It keeps its own stack, so no nesting can overflow the real one.
    private static func firstViolation(in list: ValueList) -> String? {
        var elements = 0
        var bytes = 0
        var pending: [(ValueList, depth: Int)] = [(list, 1)]
        while let (items, depth) = pending.popLast() {
            if items.size.fits(atDepth: depth, elementsBefore: elements, textBytesBefore: bytes) {
                elements += items.size.elements
                bytes += items.size.textBytes
                continue
            }
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
                case .list(let inner): pending.append((inner, depth + 1))
                case .map(let inner): pending.append((ValueList(inner.keys.map(Value.string)) + inner.values, depth + 1))
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
