import TribLanguage

extension Evaluator {
    /// `NAME = $NAME + EXPRESSION` where both are lists: the elements are added to the variable's
    /// list in place, not copied into a new list, so a loop that grows a list by `l = $l + [x]`
    /// costs its length, not its length squared. The value, the limits and the errors are those of
    /// `+` as written (the variable is read before the right side, as `+` reads it). Whether the
    /// assignment was made here; `false` for any other form, which the caller evaluates as written.
    func appendInPlace(to name: Identifier, _ value: Expression) async throws(RuntimeError) -> Bool {
        guard case .binary(.add, let left, let right) = value.kind, case .variable(let read) = left.kind, read == name.name,
            case .list(var list)? = lookup(name.name)
        else { return false }
        let addition = try await evaluate(right)
        guard case .list(let more) = addition, list.size.joined(with: more.size).fits(atDepth: 1, elementsBefore: 0, textBytesBefore: 0) else {
            // Not two lists, or past a limit: `+` as written, on the values already read.
            assign(name.name, try combine(.add, .list(list), addition, written: (left, right), at: value.range))
            return true
        }
        // The variable lets go of its list, so `list` holds the only reference and grows in place.
        assign(name.name, .nilValue)
        list.append(contentsOf: more)
        assign(name.name, .list(list))
        return true
    }
}
