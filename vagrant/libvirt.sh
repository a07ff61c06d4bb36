#!/usr/bin/env bash
# libvirt.sh: starts or stops libvirt's daemons by hand, for machines without systemd (like these).
#
#   vagrant/libvirt.sh start   # virtlogd and libvirtd, unless libvirt already answers; exit 0 when it answers
#   vagrant/libvirt.sh stop    # stops the daemons this script started, and removes libvirt's iptables chains
#   vagrant/libvirt.sh status  # exit 0 when libvirt answers on qemu:///system
#
# start also lets the group kvm use /dev/kvm: libvirt probes qemu's capabilities with it, and without access
# spends about a minute re-probing on every domain definition (the guests still run emulated: driver "qemu").
# Messages name what failed; the daemons log to /var/log/ds-libvirtd.log and /var/log/ds-virtlogd.log.
set -euo pipefail

URI=qemu:///system
PIDS=/run/ds-libvirt
say() { echo "libvirt: $*" >&2; }
die() { echo "libvirt: error: $*" >&2; exit 1; }

answers() { virsh -c "$URI" version >/dev/null 2>&1; }

# A pid file left by a daemon that is gone (or whose pid now belongs to another program) would stop a new one.
alive() {
    local file=$1 name=$2 pid
    [[ -f $file ]] || return 1
    pid=$(tr -dc 0-9 <"$file")
    [[ -n $pid && -r /proc/$pid/comm && $(cat "/proc/$pid/comm") == "$name" ]]
}

start() {
    answers && return 0
    [[ $(id -u) -eq 0 ]] || die "run as root to start libvirtd"
    command -v libvirtd >/dev/null || die "no libvirtd; install libvirt-daemon-system (bin/setup does)"
    command -v virsh >/dev/null || die "no virsh; install libvirt-clients (bin/setup does)"
    if [[ -c /dev/kvm ]]; then
        if ! { chgrp kvm /dev/kvm && chmod 660 /dev/kvm; }; then
            say "warning: could not give the group kvm access to /dev/kvm"
        fi
    fi
    mkdir -p "$PIDS"
    if ! alive /run/virtlogd.pid virtlogd; then
        rm -f /run/virtlogd.pid
        say "starting virtlogd"
        virtlogd -d -p /run/virtlogd.pid 2>>/var/log/ds-virtlogd.log || die "virtlogd did not start (see /var/log/ds-virtlogd.log)"
        touch "$PIDS/virtlogd"
    fi
    if ! alive /run/libvirtd.pid libvirtd; then
        rm -f /run/libvirtd.pid
        say "starting libvirtd"
        libvirtd -d -p /run/libvirtd.pid 2>>/var/log/ds-libvirtd.log || die "libvirtd did not start (see /var/log/ds-libvirtd.log)"
        touch "$PIDS/libvirtd"
    fi
    for _ in $(seq 1 60); do
        answers && { say "libvirt answers on $URI"; return 0; }
        sleep 0.5
    done
    die "libvirtd did not answer on $URI within 30 s (see /var/log/ds-libvirtd.log)"
}

stop_daemon() {
    local name=$1 pid
    [[ -f $PIDS/$name ]] || return 0
    if alive "/run/$name.pid" "$name"; then
        pid=$(tr -dc 0-9 <"/run/$name.pid")
        say "stopping $name ($pid)"
        kill "$pid"
        for _ in $(seq 1 50); do
            [[ -d /proc/$pid ]] || break
            sleep 0.1
        done
    fi
    rm -f "$PIDS/$name"
}

stop() {
    [[ $(id -u) -eq 0 ]] || die "run as root"
    if answers && [[ -n $(virsh -c "$URI" list --name | grep -v '^$' || true) ]]; then
        die "domains are still running ($(virsh -c "$URI" list --name | tr '\n' ' ')); vagrant destroy them first"
    fi
    stop_daemon libvirtd
    stop_daemon virtlogd
    # libvirt's firewall chains outlive it (empty once its networks are gone).
    local tool table chain
    for tool in iptables ip6tables; do
        command -v "$tool" >/dev/null || continue
        for table in filter nat mangle; do
            for chain in $("$tool" -t "$table" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^LIBVIRT_/ {print $2}'); do
                "$tool" -t "$table" -S 2>/dev/null | awk -v c="$chain" '$1 == "-A" && $0 ~ "-j " c "( |$)" {sub("^-A", "-D"); print}' \
                    | while read -r rule; do eval "$tool -t $table $rule" || true; done
                "$tool" -t "$table" -F "$chain" 2>/dev/null || true
                "$tool" -t "$table" -X "$chain" 2>/dev/null || true
            done
        done
    done
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) answers ;;
    -h|--help) sed -n '2,10s/^# \{0,1\}//p' "$0" ;;
    *) die "usage: $0 start|stop|status" ;;
esac
