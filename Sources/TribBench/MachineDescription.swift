import Foundation

/// The machine and the programs a run measured, in one paragraph.
enum MachineDescription {
    /// `1.02 0.87 0.55`: the 1, 5 and 15 minute load averages.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    static func summary(_ configuration: BenchConfiguration) -> String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let memory = ProcessInfo.processInfo.physicalMemory / (1 << 30)
        let os = osName()
        let kernel = ServerBinary.output(of: "/bin/uname", ["-r"])?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
        let cli = ServerBinary.output(of: configuration.toolbox.redisCli, ["--version"])?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "redis-cli ?"
        let servers = configuration.servers.map { "\($0.name) (\($0.path))" }.joined(separator: ", ")
        let python =
            configuration.toolbox.python.map { "Python redis-trib 0.6.2 via \($0)" } ?? "Python redis-trib: \(configuration.toolbox.pythonMissingReason)"
        return "machine: \(cores) cores, \(memory) GiB, \(os), Linux \(kernel); servers: \(servers); \(cli); \(python)"
    }

    private static func osName() -> String {
        guard let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) else { return "?" }
        for line in text.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
            return line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return "?"
    }
}
