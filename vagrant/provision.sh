#!/usr/bin/env bash
# provision.sh: makes a Vagrant VM the testbed host the Vagrantfile says it is; Vagrant runs it as root on every
# `vagrant up` and `vagrant provision`. The work is done by the scripts the Docker testbed runs too, from the
# staged build in /opt/ds (vagrant/stage.sh): provision/ds-node-net.sh, ds-node-config.sh and ds-run.sh. dsco and
# the HA agent come from the project's Debian package (/opt/ds/dsco.deb), with its systemd units and /etc/dsco.
#
# The Vagrantfile passes, in the environment:
#   DS_ROLE     ha | server | client            DS_NAME   the VM's name (contact, server, ...)
#   DS_LINKS    "MAC,ADDR/LEN,MTU ..."          DS_VIA    the default router (server nodes and client)
#   DS_SERVICE  demo=[ADDR]:PORT                DS_HA     the HA agent's address on the nodes' network
#   DS_NODES    contact=ADDR,server=ADDR        DS_RATE   the demo service's rate per connection (bytes/s)
#   DS_HA_NODES_MAC  (ha) the MAC address of its interface towards the nodes
#   DS_VIA_MTU  (server nodes) the default route's MTU: the clients' links
#   DS_REDIRECT steering (default) or route-optimization: the redirect mode the daemons start in
#
# ha runs the HA agent (the package's unit ds-ha); contact and server run dsco (the package's unit dsco, with a
# drop-in for the emulated guests' slowness, and a configuration per
# redirect mode: /etc/dsco/dsco-steering.properties, /etc/dsco/dsco-route-optimization.properties with the kernel's
# Mobile IPv6 data plane) and the demo application as nobody (unit ds-demo, control socket /run/ds-demo/control);
# the client has the correspondent agent (the package's unit ds-correspondent, --backend xfrm), which runs in route-optimization
# mode. Then /opt/ds/vagrant/ds-daemons.sh (re)starts the units of the mode, so a new build takes effect, and waits
# until they are ready; run-demo.sh switches modes with it. /etc/ds-testbed.conf records what this host is.
set -euo pipefail

say() { echo "provision[${DS_NAME:-?}]: $*"; }
die() { echo "provision[${DS_NAME:-?}]: error: $*" >&2; exit 1; }

for v in DS_ROLE DS_NAME DS_LINKS DS_SERVICE DS_HA DS_NODES; do
    [[ -n ${!v:-} ]] || die "$v is not set (run by the Vagrantfile)"
done
mode=${DS_REDIRECT:-steering}
[[ $mode == steering || $mode == route-optimization ]] || die "DS_REDIRECT=$mode: expected steering or route-optimization"
ds=/opt/ds
[[ -x $ds/provision/ds-run.sh && -d $ds/lib/classes && -x $ds/vagrant/ds-daemons.sh && -f $ds/dsco.deb ]] \
    || die "$ds has no staged build (vagrant/stage.sh; the rsync synced folder)"
started=$SECONDS

# Packages: the local box has them all; another Debian box (VirtualBox's) gets them from its mirror.
# shellcheck source-path=SCRIPTDIR/.. source=provision/packages.sh
source "$ds/provision/packages.sh"
missing=()
for p in "${DS_NODE_PACKAGES[@]}" socat tcpdump; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
        die "could not install ${missing[*]}"
    fi
fi
# The package: a new build has the same version, so dpkg -i reinstalls it; --force-confold keeps the /etc/dsco files
# written below when the package's examples changed.
dpkg -i --force-confold "$ds/dsco.deb" >/dev/null || die "could not install $ds/dsco.deb"
# The testbed's own units of older provisionings (the package's are in /lib/systemd/system).
rm -f /etc/systemd/system/dsco.service /etc/systemd/system/ds-ha.service /etc/systemd/system/ds-correspondent.service

# The XFRM netlink interface (Mobile IPv6 states and policies) is a module in Debian's kernel.
modprobe xfrm_user || die "cannot load xfrm_user"

# Network.
net=(--role "$DS_ROLE")
for link in $DS_LINKS; do
    net+=(--link "$link")
done
[[ $DS_ROLE == server ]] && net+=(--service "$(sed -E 's/^[^=]*=\[([^]]*)\].*/\1/' <<<"$DS_SERVICE")")
[[ -n ${DS_VIA:-} ]] && net+=(--via "$DS_VIA")
[[ -n ${DS_VIA_MTU:-} ]] && net+=(--via-mtu "$DS_VIA_MTU")
"$ds/provision/ds-node-net.sh" "${net[@]}"

# What this host is, for run-demo.sh (and people logged in).
own=$(awk '{split($1, f, ","); sub("/.*", "", f[2]); print f[2]; exit}' <<<"${DS_LINKS// /$'\n'}")
cat >/etc/ds-testbed.conf <<EOF
DS_ROLE=$DS_ROLE
DS_NAME=$DS_NAME
DS_ADDRESS=$own
DS_SERVICE=$DS_SERVICE
DS_HA=$DS_HA
DS_NODES=$DS_NODES
EOF

unit() {
    local name=$1 description=$2 exec=$3 extra=${4:-}
    cat >"/etc/systemd/system/$name.service" <<EOF
[Unit]
Description=$description (Distributed Servers testbed)
After=network.target

[Service]
ExecStart=$exec
Restart=on-failure
RestartSec=2
$extra

[Install]
WantedBy=multi-user.target
EOF
}

install -d -m 755 /etc/dsco
install -m 600 -o root -g root "$ds/cluster.key" /etc/dsco/cluster.key
case "$DS_ROLE" in
    ha)
        [[ -n ${DS_HA_NODES_MAC:-} ]] || die "DS_HA_NODES_MAC is not set"
        interface=$(ip -o link | awk -v mac="${DS_HA_NODES_MAC,,}" '$0 ~ "link/ether " mac " " {sub(":", "", $2); print $2; exit}')
        [[ -n $interface ]] || die "no interface has the MAC address $DS_HA_NODES_MAC"
        "$ds/provision/ds-node-config.sh" ha --out /etc/dsco/ha.properties --ha "$DS_HA" --nodes "$DS_NODES" \
            --service "$DS_SERVICE" --key /etc/dsco/cluster.key --nodes-interface "$interface"
        systemctl daemon-reload
        systemctl enable -q ds-ha
        ;;
    server)
        # Timeouts ten times the defaults: four emulated guests share two cores (and the machine other work), a
        # cold JVM restores sockets in seconds, and a heartbeat a starved guest misses must not move the contact node.
        # No handoff warm-up: emulated, its 200 loopback handoffs would add about a minute to every start of dsco.
        config=("$ds/provision/ds-node-config.sh" dsco --ha "$DS_HA" --nodes "$DS_NODES" \
            --service "$DS_SERVICE" --key /etc/dsco/cluster.key --node "$DS_NAME" --api-socket /run/dsco/dsco.sock \
            --set timeouts.prepare=20s --set timeouts.commit=20s --set timeouts.ha=10s --set timeouts.grace=20s \
            --set failover.detection=10s --set warmup.rounds=0)
        "${config[@]}" --out /etc/dsco/dsco-steering.properties
        # Route optimization over the guest kernel's own Mobile IPv6 (type 2 routing header, home address option).
        "${config[@]}" --out /etc/dsco/dsco-route-optimization.properties \
            --set redirect.mode=route-optimization --set ro.backend=xfrm
        rm -f /etc/dsco/dsco.properties # a link to the mode's file, made by ds-daemons.sh
        port=$(sed -E 's/.*\]:([0-9]+)$/\1/' <<<"$DS_SERVICE")
        id=${DS_SERVICE%%=*}
        # The package's unit, with more time and memory: a cold JVM in an emulated guest starts (and runs the unit's
        # preflight checks) in tens of seconds, and restores sockets slowly.
        install -d /etc/systemd/system/dsco.service.d
        cat >/etc/systemd/system/dsco.service.d/testbed.conf <<EOF
[Service]
TimeoutStartSec=10min
Environment="DS_JAVA_OPTS=-XX:TieredStopAtLevel=1 -Xshare:auto -Xmx256m"
EOF
        unit ds-demo "demo stream service" \
            "$ds/provision/ds-run.sh demo --socket /run/dsco/dsco.sock --service $id --port $port --rate ${DS_RATE:-100000} --control /run/ds-demo/control" \
            "User=nobody
Group=nogroup
RuntimeDirectory=ds-demo
RuntimeDirectoryMode=0700"
        # The application follows its dsco: it registers with it when it starts.
        sed -i 's/^After=network.target$/After=network.target dsco.service\nRequires=dsco.service/' /etc/systemd/system/ds-demo.service
        systemctl daemon-reload
        systemctl enable -q dsco ds-demo
        ;;
    client)
        # The package's unit ds-correspondent, its options in /etc/dsco/correspondent.env. Route-optimization mode
        # only (ds-daemons.sh starts it): not enabled at boot.
        echo "DS_CORRESPONDENT_ARGS=--address $own --backend xfrm --status-file /run/ds-correspondent/status" \
            >/etc/dsco/correspondent.env
        systemctl daemon-reload
        ;;
    *)
        die "unknown role '$DS_ROLE'"
        ;;
esac
rm -f /etc/dsco/redirect-mode # restart whatever runs: it may be an older build
"$ds/vagrant/ds-daemons.sh" "$mode"
say "$DS_ROLE ready in $((SECONDS - started)) s"
