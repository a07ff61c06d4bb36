#!/usr/bin/env bash
# ds-run.sh: runs one of the testbed's Java processes in the foreground (Docker containers and Vagrant VMs alike).
#
#   ds-run.sh ha|dsco|demo|gecko-echo|client|operator|xfrm|correspondent [ARGS...]
#
#   ha      the HA agent (root)                 ARGS: --config FILE
#   dsco    the node daemon (root)              ARGS: --config FILE
#   demo    the demo's stream service, as the user nobody          ARGS: see DscoStreamServer --help
#   gecko-echo  the GeckoEcho example (Gecko on SAGA), as nobody    ARGS: see GeckoEcho --help
#   client  the demo's streaming client, as the user nobody        ARGS: see StreamClientMain --help
#   operator  handoff requests to dsco, one per stdin line (root)  ARGS: see HandoffOperator --help
#   xfrm    Mobile IPv6 route-optimization bindings in the kernel (root)  ARGS: see XfrmCli --help
#   correspondent  the correspondent agent on a client host (root)  ARGS: see CorrespondentMain --help
#
# ha, dsco and correspondent run the installed Debian package's /usr/bin/ds-ha, dsco, ds-correspondent when there
# is one. Otherwise the software is $DS_LIB (default: the lib/ directory next to this script's directory): the project's jars
# side by side and its classes in classes/, as eu.xtreemos.ds.cluster.ClasspathCopy lays them out. The JVM
# options are those of eu.xtreemos.ds.cluster.JavaCommand (the namespace testbed's). $DS_LOG_LEVEL sets the
# log level (default INFO). Started as root, demo, gecko-echo and client drop to nobody with setpriv.
set -euo pipefail

die() { echo "ds-run: error: $*" >&2; exit 1; }

role=${1:-}
case "$role" in
    ha) main=eu.xtreemos.ds.ha.HaMain ;;
    dsco) main=eu.xtreemos.ds.dsco.daemon.DscoMain ;;
    demo) main=eu.xtreemos.ds.demo.DscoStreamServer ;;
    gecko-echo) main=eu.xtreemos.ds.saga.examples.GeckoEcho ;;
    client) main=eu.xtreemos.ds.demo.StreamClientMain ;;
    operator) main=eu.xtreemos.ds.demo.HandoffOperator ;;
    xfrm) main=eu.xtreemos.ds.testbed.XfrmCli ;;
    correspondent) main=eu.xtreemos.ds.correspondent.CorrespondentMain ;;
    -h|--help) sed -n '2,19s/^# \{0,1\}//p' "$0"; exit 0 ;;
    "") die "say what to run: ha, dsco, demo, gecko-echo, client, operator, xfrm or correspondent (see --help)" ;;
    *) die "unknown process '$role' (ha, dsco, demo, gecko-echo, client, operator, xfrm or correspondent)" ;;
esac
shift

# dsco, the HA agent and the correspondent agent run from the project's Debian package where it is installed (the
# Docker testbed's containers and the Vagrant VMs install it): its launchers, class paths and /etc/dsco/logback.xml.
case "$role" in
    ha) packaged=/usr/bin/ds-ha ;;
    dsco) packaged=/usr/bin/dsco ;;
    correspondent) packaged=/usr/bin/ds-correspondent ;;
    *) packaged= ;;
esac
if [[ -n $packaged && -x $packaged ]]; then
    export DS_JAVA_OPTS="-XX:TieredStopAtLevel=1 -Xshare:auto -Xmx256m" DS_LOG_LEVEL="${DS_LOG_LEVEL:-INFO}"
    exec "$packaged" "$@"
fi

lib=${DS_LIB:-$(dirname "$(readlink -f "$0")")/../lib}
if [[ ! -d $lib/classes ]] || ! compgen -G "$lib/*.jar" >/dev/null; then
    die "no software in $lib (expected the project's jars and a classes/ directory; set DS_LIB)"
fi
command -v java >/dev/null || die "no java command (install openjdk-17-jre-headless)"

run_as=()
if [[ $role == demo || $role == gecko-echo || $role == client ]] && [[ $(id -u) -eq 0 ]]; then
    run_as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi

# -XX:TieredStopAtLevel=1 -Xshare:auto: quick start-up matters more than peak speed (and more so in an emulated
# VM). --add-opens: the socket engine reads the fd behind java.nio channels. preferIPv6Addresses: the
# membership group binds the nodes' IPv6 addresses.
exec "${run_as[@]}" java -XX:TieredStopAtLevel=1 -Xshare:auto -Xmx256m \
    --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED \
    "-Dds.log.level=${DS_LOG_LEVEL:-INFO}" -Djava.net.preferIPv6Addresses=true \
    -cp "$lib/*:$lib/classes" "$main" "$@"
