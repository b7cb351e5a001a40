import RESP
import RedisTrib
import TribCommands
import TribLanguage

/// What running a script produces, in order; a renderer turns events into text, tables or JSON.
public enum RuntimeEvent: Sendable {
    /// `echo`: the line to print (its arguments' text joined by spaces, no line break).
    case echo(String)
    /// A command statement finished; `command` is its canonical command line
    /// (`migrate_slots 127.0.0.1:7000 127.0.0.1:7001 0 2 4-7`).
    case output(CommandOutput, command: String)
    /// An expression statement's value (`masters()` or `$src` typed in the REPL), or a builtin
    /// used as a statement (`node 127.0.0.1:7000`).
    case value(Value)
    /// `connect ADDR` made `address` the default cluster; `nodes` is what `list` answered.
    case connected(NodeAddress, nodes: [ClusterNode])
    /// A command is about to run on the backend, with its canonical command line; sent for
    /// statements, calls and the builtins that ask the cluster (`masters()` runs `list`). For `-v`
    /// and dry-run logs; a plain renderer ignores it.
    case running(command: String)
    /// A parse or runtime problem, in the file it is about (a `source`d file has its own).
    case diagnostic(Diagnostic, file: SourceFile)
}
