import TribCLI

/// `redis-trib`; everything it does is in `TribCLI`, where tests reach it.
@main
enum RedisTribMain {
    static func main() async {
        await CommandLineTool.main()
    }
}
