import RedisTrib

extension CommandSignature {
    /// Whether the option named `name` is among the words, alone or as `name=value`.
    private func mentions(_ name: String, in words: [String]) -> Bool {
        words.contains { $0 == name || $0.hasPrefix(name + "=") }
    }

    /// Whether the command's first parameter is "any node of the cluster" (`list`, `masters`,
    /// `execute`, `fix`, `join`, `join_no_load`, `rescue`) and the words leave it out, so the
    /// default cluster (a script's `connect`, the command line's `-u`) goes there: one positional
    /// word short, or, for `execute`, a first positional word that is neither an address nor a node id.
    public func omitsCluster(in words: [String]) -> Bool {
        guard let first = parameters.first, first.kind == .address, first.isAnyClusterNode else { return false }
        if let option = first.optionName, mentions(option, in: words) {
            return false
        }
        let positional = splitWords(words).positional.map { words[$0] }
        if parameters.contains(where: { $0.kind == .words }) {
            guard let word = positional.first else { return true }
            return (try? NodeReference(parsing: word)) == nil
        }
        let required = parameters.filter { parameter in
            !parameter.isOptional && !(parameter.optionName.map { mentions($0, in: words) } ?? false)
        }
        return positional.count == required.count - 1
    }
}
