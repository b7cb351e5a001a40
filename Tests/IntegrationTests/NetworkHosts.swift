import Foundation
import RESP
import Synchronization
import Testing
import TribCommands

#if canImport(Glibc)
import Glibc
#endif

/// Hosts made of Linux network namespaces, each with an address of its own on a bridge in the
/// root namespace (where the tests run, so they reach every host), made with `ip` by the test.
///
/// Host `i` of subnet `10.213.X.0/24` is namespace `redis-trib-X-hI` with `eth0` at `10.213.X.(i+1)`
/// and `lo` up; its veth pair's root side `rtnX-hI` is a port of bridge `rtnX-br` at `10.213.X.254`.
/// `X` is claimed by creating the bridge (which fails when another process holds that name), so
/// test processes running at once never share a subnet. Before each thing is made, its name is
/// written to `TMPDIR/redis-trib-netns-X.made`, from which `scripts/test` removes what an
/// interrupted run left.
struct NetworkHosts: Sendable {
    /// One host: a namespace, its address, and the root side of its link.
    struct Host: Sendable {
        /// The network namespace.
        var namespace: String
        /// Its address on the bridge.
        var address: String
        /// The root side of its veth pair: set down, the host is cut off from every other.
        var link: String
    }

    /// The hosts, in order.
    let hosts: [Host]
    /// The bridge that joins them.
    let bridge: String
    /// Where the names of what was made are recorded.
    let recordPath: String

    /// The `ip` binary.
    static let ip = "/usr/sbin/ip"

    /// The addresses of the hosts, in order.
    var addresses: [String] { hosts.map(\.address) }

    /// The command that runs a server on each host, by address, for ``LocalServerLauncher/hostCommands``.
    var serverCommands: [String: [String]] {
        Dictionary(uniqueKeysWithValues: hosts.map { ($0.address, [Self.ip, "netns", "exec", $0.namespace]) })
    }

    /// Cuts host `index` off: its link goes down, and nothing reaches it or leaves it.
    func cutOff(_ index: Int) async throws {
        try await Self.run(["link", "set", hosts[index].link, "down"])
    }

    /// Connects host `index` again.
    func reconnect(_ index: Int) async throws {
        try await Self.run(["link", "set", hosts[index].link, "up"])
    }

    /// The index of the host that has `address`.
    func hostIndex(of address: NodeAddress) -> Int? {
        hosts.firstIndex { $0.address == address.host }
    }

    /// Runs `ip` with `arguments`; throws its error output when it fails.
    @discardableResult
    static func run(_ arguments: [String]) async throws -> String {
        let run = try await TribProcess.run(arguments, executable: ip)
        guard run.status == 0 else {
            throw NetworkHostsError("ip \(arguments.joined(separator: " ")) failed (\(run.status)): \(run.err)")
        }
        return run.out
    }
}

/// Why hosts could not be made.
struct NetworkHostsError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension NetworkHosts {
    /// Subnets this process tried, so that two tests of one process do not try the same one first.
    private static let attempts = Atomic<Int>(0)

    /// Makes `count` hosts; on a failure, removes what was made and throws why.
    ///
    /// - Throws: ``NetworkHostsError`` when the process is not root, `ip` is missing, or no subnet is free.
    static func make(_ count: Int) async throws -> NetworkHosts {
        guard geteuid() == 0 else {
            throw NetworkHostsError("the multi-host tests make network namespaces with ip, which needs root; this process runs as uid \(geteuid())")
        }
        guard access(ip, X_OK) == 0 else {
            throw NetworkHostsError("the multi-host tests need \(ip) (Debian package iproute2)")
        }
        // Addresses and routes: a subnet with a route of this machine in it (a VPN's) is not taken; a
        // wider route (10.0.0.0/8) loses to the bridge's /24, the longer prefix.
        let used = try await run(["-o", "-4", "addr", "show"]) + (try await run(["-4", "route", "show"]))
        for _ in 0..<256 {
            let attempt = attempts.add(1, ordering: .relaxed).newValue
            let subnet = (Int(getpid()) + attempt * 37) % 250
            let bridge = "rtn\(subnet)-br"
            guard !used.contains("10.213.\(subnet).") else { continue }
            // The claim: a bridge of this name exists once, machine-wide.
            guard (try? await TribProcess.run(["link", "add", bridge, "type", "bridge"], executable: ip))?.status == 0 else { continue }
            let recordPath = FileManager.default.temporaryDirectory.appendingPathComponent("redis-trib-netns-\(subnet).made").path
            let hosts = (0..<count).map { index in
                Host(namespace: "redis-trib-\(subnet)-h\(index)", address: "10.213.\(subnet).\(index + 1)", link: "rtn\(subnet)-h\(index)")
            }
            let made = NetworkHosts(hosts: hosts, bridge: bridge, recordPath: recordPath)
            do {
                try made.record("link \(bridge)\n")
                try await run(["addr", "add", "10.213.\(subnet).254/24", "dev", bridge])
                try await run(["link", "set", bridge, "up"])
                for host in hosts {
                    try made.record("netns \(host.namespace)\nlink \(host.link)\n")
                    try await run(["netns", "add", host.namespace])
                    try await run(["-n", host.namespace, "link", "set", "lo", "up"])
                    try await run(["link", "add", host.link, "type", "veth", "peer", "name", "eth0", "netns", host.namespace])
                    try await run(["link", "set", host.link, "master", bridge])
                    try await run(["link", "set", host.link, "up"])
                    try await run(["-n", host.namespace, "addr", "add", host.address + "/24", "dev", "eth0"])
                    try await run(["-n", host.namespace, "link", "set", "eth0", "up"])
                }
            } catch {
                await made.remove()
                throw error
            }
            return made
        }
        throw NetworkHostsError("no free subnet 10.213.X.0/24 for the test hosts (bridges rtnX-br all taken)")
    }

    /// Appends to the record of what was made.
    private func record(_ lines: String) throws {
        if !FileManager.default.fileExists(atPath: recordPath) {
            guard FileManager.default.createFile(atPath: recordPath, contents: nil) else {
                throw NetworkHostsError("cannot create \(recordPath)")
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: recordPath))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(lines.utf8))
    }

    /// Removes the namespaces (and with them their veth pairs), the links and the bridge, then the record.
    /// Each removal is tried whatever became of the others.
    func remove() async {
        for host in hosts {
            _ = try? await TribProcess.run(["netns", "delete", host.namespace], executable: Self.ip)
            _ = try? await TribProcess.run(["link", "delete", host.link], executable: Self.ip)
        }
        _ = try? await TribProcess.run(["link", "delete", bridge], executable: Self.ip)
        try? FileManager.default.removeItem(atPath: recordPath)
    }
}

/// Makes `hosts` network namespaces, starts `perHost` servers on each (server `i` on host
/// `i % hosts`), runs `body`, and then, whether `body` returns or throws: puts every link up again,
/// stops the servers by pid, and removes the namespaces, links and bridge.
///
/// - Throws: ``NetworkHostsError`` when the machine cannot make namespaces (the test then fails with the reason).
func withNetworkHosts(
    _ hostCount: Int,
    perHost: Int,
    extraArguments: [String] = [],
    _ body: (NetworkHosts, [LocalServer]) async throws -> Void
) async throws {
    let hosts = try await NetworkHosts.make(hostCount)
    var servers: [LocalServer] = []
    var launcher: LocalServerLauncher?
    do {
        var made = try LocalServerLauncher(extraArguments: extraArguments)
        made.hostCommands = hosts.serverCommands
        launcher = made
        servers = try await made.start(count: hostCount * perHost, hosts: hosts.addresses)
        try await body(hosts, servers)
    } catch {
        await tearDown(hosts, launcher, servers)
        throw error
    }
    await tearDown(hosts, launcher, servers)
}

private func tearDown(_ hosts: NetworkHosts, _ launcher: LocalServerLauncher?, _ servers: [LocalServer]) async {
    for index in hosts.hosts.indices {
        try? await hosts.reconnect(index)
    }
    await launcher?.stop(servers)
    await hosts.remove()
}
