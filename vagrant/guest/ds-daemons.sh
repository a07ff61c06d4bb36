#!/usr/bin/env bash
# ds-daemons.sh: (re)starts the daemons of this Vagrant testbed VM for a redirect mode and waits until each says it
# is ready. Runs as root inside a VM (staged as /opt/ds/vagrant/ds-daemons.sh): provision.sh calls it at the end of
# provisioning, run-demo.sh to switch the testbed between the two redirect modes.
#
#   ds-daemons.sh steering|route-optimization [--if-changed]
#
#   ha      ds-ha, the HA agent (restarted on a change of mode: it then holds no steering route of an earlier run)
#   server  dsco with /etc/dsco/dsco-<mode>.properties (route-optimization: the kernel's Mobile IPv6 data plane,
#           ro.backend=xfrm), then the demo application ds-demo, which registers with it
#   client  route-optimization: the correspondent agent ds-correspondent (--backend xfrm); steering: none
#
# --if-changed: nothing is restarted when the VM already runs in that mode (its units active).
# The mode in force is kept in /etc/dsco/redirect-mode.
set -euo pipefail

say() { echo "ds-daemons[$(hostname)]: $*"; }
die() { echo "ds-daemons[$(hostname)]: error: $*" >&2; exit 1; }

mode=${1:-}
case "$mode" in
    steering|route-optimization) ;;
    -h|--help) sed -n '2,15s/^# \{0,1\}//p' "$0"; exit 0 ;;
    "") die "say which redirect mode: steering or route-optimization (see --help)" ;;
    *) die "unknown redirect mode '$mode' (steering or route-optimization)" ;;
esac
if_changed=false
[[ ${2:-} == --if-changed ]] && if_changed=true
[[ -z ${2:-} || $if_changed == true ]] || die "unknown argument '$2' (see --help)"
[[ -r /etc/ds-testbed.conf ]] || die "/etc/ds-testbed.conf is missing: this VM was not provisioned (vagrant provision)"
role=$(sed -n 's/^DS_ROLE=//p' /etc/ds-testbed.conf)

case "$role" in
    ha) units=(ds-ha) ;;
    server) units=(dsco ds-demo) ;;
    client) if [[ $mode == route-optimization ]]; then units=(ds-correspondent); else units=(); fi ;;
    *) die "unknown role '$role' in /etc/ds-testbed.conf" ;;
esac

if $if_changed && [[ $(cat /etc/dsco/redirect-mode 2>/dev/null) == "$mode" ]]; then
    all_active=true
    for u in "${units[@]}"; do
        systemctl is-active -q "$u" || all_active=false
    done
    if $all_active; then
        say "already in $mode"
        exit 0
    fi
fi

# Waits until the unit's current run has printed a line starting with "ready" (the daemons say so on stdout).
await_ready() {
    local name=$1 id deadline=$((SECONDS + 600))
    while ((SECONDS < deadline)); do
        id=$(systemctl show -p InvocationID --value "$name")
        if [[ -n $id ]] && journalctl -q -o cat "_SYSTEMD_INVOCATION_ID=$id" | grep -q '^ready'; then
            say "$name: $(journalctl -q -o cat "_SYSTEMD_INVOCATION_ID=$id" | grep -m1 '^ready')"
            return 0
        fi
        if systemctl is-failed -q "$name"; then
            break
        fi
        sleep 1
    done
    journalctl -q -o cat -u "$name" -n 30 >&2 || true
    die "$name did not become ready within 600 s (its log is above)"
}

started=$SECONDS
case "$role" in
    ha)
        systemctl restart ds-ha
        await_ready ds-ha
        ;;
    server)
        config=/etc/dsco/dsco-$mode.properties
        [[ -r $config ]] || die "$config is missing (vagrant provision writes it)"
        ln -sfn "$(basename "$config")" /etc/dsco/dsco.properties
        systemctl stop ds-demo
        systemctl restart dsco
        await_ready dsco
        systemctl start ds-demo
        await_ready ds-demo
        ;;
    client)
        if [[ $mode == route-optimization ]]; then
            systemctl restart ds-correspondent
            await_ready ds-correspondent
        else
            systemctl stop ds-correspondent 2>/dev/null || true
        fi
        ;;
esac
echo "$mode" >/etc/dsco/redirect-mode
say "$role in $mode in $((SECONDS - started)) s"
