extension CommandSignature {
    /// What the command still takes after `words` (the words typed after its name, each one
    /// whole), as the shell's hint shows it, read the way ``splitWords(_:)`` reads them: the value
    /// of an option typed last that takes one (its placeholder: `N`), the parameters not yet given
    /// (a variadic one stays, as more may come), then the options not yet given (a repeatable one
    /// stays; once the words of a command to run begin, none: they are its words). With a default
    /// cluster (`connect`), "any node of the cluster" may be left out: it shows as `[CLUSTER_NODE]`
    /// until a word is given, and is taken as left out when the words are those of the other
    /// parameters (``omitsCluster(in:)``).
    ///
    /// - Returns: `nil` when nothing is left to show.
    public func remainingUsage(after words: [String], defaultCluster: Bool = false) -> String? {
        let split = splitWords(words)
        let clusterMayBeLeftOut = defaultCluster && parameters.first.map { $0.kind == .address && $0.isAnyClusterNode } == true
        var parts: [String] = []
        if let last = split.options.last, last.valueIndex == nil, takesValue(last.name) {
            let placeholder =
                parameters.first { $0.optionName == last.name }?.name ?? options.first { $0.names.contains(last.name) }?.placeholder
            parts.append(placeholder ?? "VALUE")
        }
        let givenNames = Set(split.options.map(\.name))
        var positional = split.positional.count
        if clusterMayBeLeftOut, positional > 0, omitsCluster(in: words) {
            // The words given are the other parameters': the cluster is the default one.
            positional += 1
        }
        for (index, parameter) in parameters.enumerated() {
            if let optionName = parameter.optionName, givenNames.contains(optionName) { continue }
            if parameter.isVariadic {
                positional = 0
            } else if positional > 0 {
                positional -= 1
                continue
            }
            let optional = index == 0 && clusterMayBeLeftOut && !parameter.isOptional
            parts.append(optional ? "[\(parameter.usage)]" : parameter.usage)
        }
        let runsWords = parameters.contains { $0.kind == .words } && split.positional.count >= parameters.count
        if !runsWords {
            let givenKeys = Set(options.filter { !Set($0.names).isDisjoint(with: givenNames) }.map(\.key))
            for option in options where option.isRepeatable || !givenKeys.contains(option.key) {
                parts.append(option.usage)
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}
