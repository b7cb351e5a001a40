/// A fix to offer with a diagnostic, and the did-you-mean search that finds one.
public struct Suggestion: Sendable, Hashable {
    /// What to tell the user, such as "did you mean `migrate_slots`?".
    public var message: String
    /// The text that would replace ``range`` if the fix were applied mechanically.
    public var replacement: String?
    /// The text the fix replaces.
    public var range: SourceRange?

    /// Makes a suggestion.
    public init(_ message: String, replacing range: SourceRange? = nil, with replacement: String? = nil) {
        self.message = message
        self.range = range
        self.replacement = replacement
    }

    /// A "did you mean `…`?" suggestion for a misspelled name, or `nil` when nothing is close.
    ///
    /// - Parameters:
    ///   - name: what the user wrote.
    ///   - candidates: the names that exist, such as command or variable names.
    ///   - range: where `name` stands, so the fix can replace it.
    public static func didYouMean(_ name: String, among candidates: [String], at range: SourceRange? = nil)
        -> Suggestion?
    {
        guard let closest = closest(to: name, among: candidates), closest != name else { return nil }
        return Suggestion("did you mean `\(closest)`?", replacing: range, with: closest)
    }

    /// The candidate nearest to `name`, or `nil` when none is near enough to be a likely typo.
    ///
    /// Distance is the optimal-string-alignment edit distance (insertions, deletions,
    /// substitutions and swaps of neighbours each cost one), compared without regard to case. A
    /// candidate qualifies when the distance is at most a third of the name's length (at least 1)
    /// and less than the name's length, so `x` never suggests `y`. Ties go to the candidate listed
    /// first.
    public static func closest(to name: String, among candidates: [String]) -> String? {
        let target = Array(name.lowercased())
        guard !target.isEmpty else { return nil }
        let threshold = min(max(1, target.count / 3), target.count - 1)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let letters = Array(candidate.lowercased())
            // The distance is at least the difference in length; skip hopeless candidates early.
            guard abs(letters.count - target.count) <= threshold else { continue }
            let distance = editDistance(target, letters)
            guard distance <= threshold else { continue }
            if best.map({ distance < $0.distance }) ?? true {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// The optimal-string-alignment distance between two character sequences.
    static func editDistance(_ source: [Character], _ target: [Character]) -> Int {
        if source.isEmpty { return target.count }
        if target.isEmpty { return source.count }
        let width = target.count + 1
        // Three rows suffice: the swap rule looks back two rows.
        var previousPrevious = [Int](repeating: 0, count: width)
        var previous = Array(0...target.count)
        var row = [Int](repeating: 0, count: width)
        for i in 1...source.count {
            row[0] = i
            for j in 1...target.count {
                let cost = source[i - 1] == target[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, source[i - 1] == target[j - 2], source[i - 2] == target[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                row[j] = value
            }
            previousPrevious = previous
            previous = row
        }
        return previous[target.count]
    }
}
