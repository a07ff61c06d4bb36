# Sourced by the bin/ commands: runs a main class of the integration module with its runtime jars.
# usage: run_java <command-name> <main-class> [args...]
run_java() {
    local name="$1" main="$2"
    shift 2
    local root classes lib
    root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
    classes="$root/integration/target/classes"
    lib="$root/integration/target/lib"
    # The main class may be in integration's classes or in one of its jars (dsco, ds-ha, ds-correspondent).
    if [[ ! -d "$classes/eu" ]] || ! compgen -G "$lib/*.jar" >/dev/null; then
        echo "$name: not built yet; build first with: (cd $root && mvn -B -q -DskipTests install)" >&2
        exit 1
    fi
    # --add-opens: the socket engine reads the fd behind java.nio channels (see ChannelSocket).
    # preferIPv6Addresses: the membership group binds the nodes' IPv6 addresses (as JavaCommand and ds-run.sh give it).
    exec java --add-opens java.base/sun.nio.ch=ALL-UNNAMED -Djava.net.preferIPv6Addresses=true ${DS_JAVA_OPTS:-} \
        -cp "$classes:$lib/*" "$main" "$@"
}
