#!/usr/bin/env bash
# ds-node-net.sh: sets up a testbed host's network (Docker containers and Vagrant VMs run it alike).
#
#   ds-node-net.sh --role ha|server|client [--link DEV,ADDR/LEN[,MTU]]... [--service ADDR] [--via ADDR [--via-mtu MTU]]
#
#   --role     ha: a router (forwarding on); server: a contact or server node; client: a client host
#   --link     give DEV (an interface name, or its MAC address) the IPv6 address ADDR/LEN (and MTU), bring it up;
#              Docker gives its containers their addresses itself, so there it is not used
#   --service  the service (anycast) address, put on lo (server nodes)
#   --via      the router: the default route goes through it
#   --via-mtu  the default route's MTU, when the far side's links are narrower than this host's own (a server node
#              whose Mobile IPv6 home address option, 24 bytes, must still fit the clients' links)
#
# IPv6 on, no router advertisements (nobody sends any; routes are set here), no duplicate address detection
# (addresses usable at once). Idempotent. Where /proc/sys is read-only (a Docker container, whose sysctls are set
# when it is created) a setting that already has the wanted value is left alone. Needs root (or CAP_NET_ADMIN).
set -euo pipefail

say() { echo "ds-node-net: $*" >&2; }
die() { echo "ds-node-net: error: $*" >&2; exit 1; }

role=""
links=()
service=""
via=""
via_mtu=""
while (($#)); do
    case "$1" in
        --role) role=${2:?--role needs a value}; shift 2 ;;
        --link) links+=("${2:?--link needs DEV,ADDR/LEN[,MTU]}"); shift 2 ;;
        --service) service=${2:?--service needs an address}; shift 2 ;;
        --via) via=${2:?--via needs an address}; shift 2 ;;
        --via-mtu) via_mtu=${2:?--via-mtu needs a number}; shift 2 ;;
        -h|--help) sed -n '2,18s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
case "$role" in
    ha|server|client) ;;
    "") die "--role is required (ha, server or client)" ;;
    *) die "unknown role '$role' (ha, server or client)" ;;
esac

# Sets a sysctl unless it already has the value; a read-only /proc/sys is an error only if a change is needed.
setting() {
    local key=$1 value=$2 file
    file=/proc/sys/${key//.//}
    [[ -e $file ]] || die "no sysctl $key on this kernel"
    [[ $(cat "$file") == "$value" ]] && return 0
    echo "$value" >"$file" 2>/dev/null || die "cannot set $key=$value (is /proc/sys read-only here? then set it when the host is created)"
}

# An interface named by itself or by its MAC address.
device() {
    local spec=$1 dev
    if [[ $spec =~ ^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$ ]]; then
        dev=$(ip -o link | awk -v mac="${spec,,}" '$0 ~ "link/ether " mac " " {sub(":", "", $2); sub("@.*", "", $2); print $2; exit}')
        [[ -n $dev ]] || die "no interface has the MAC address $spec ($(ip -br link | tr '\n' ';'))"
        echo "$dev"
    else
        ip link show dev "$spec" >/dev/null 2>&1 || die "no interface $spec ($(ip -br link | tr '\n' ';'))"
        echo "$spec"
    fi
}

for scope in all default; do
    setting "net.ipv6.conf.$scope.disable_ipv6" 0
    setting "net.ipv6.conf.$scope.accept_ra" 0
    setting "net.ipv6.conf.$scope.accept_dad" 0
done
[[ $role == ha ]] && setting net.ipv6.conf.all.forwarding 1

summary=()
for link in "${links[@]}"; do
    IFS=, read -r spec address mtu <<<"$link"
    [[ $address == */* ]] || die "--link $link: the address needs a prefix length (ADDR/LEN)"
    dev=$(device "$spec")
    setting "net.ipv6.conf.$dev.disable_ipv6" 0
    setting "net.ipv6.conf.$dev.accept_ra" 0
    setting "net.ipv6.conf.$dev.accept_dad" 0
    [[ -z $mtu ]] || ip link set dev "$dev" mtu "$mtu" || die "cannot set MTU $mtu on $dev"
    ip link set dev "$dev" up
    ip -6 addr replace "$address" dev "$dev" nodad || die "cannot add $address to $dev"
    summary+=("$dev $address${mtu:+ mtu $mtu}")
done

if [[ -n $service ]]; then
    ip link set dev lo up
    setting net.ipv6.conf.lo.disable_ipv6 0
    ip -6 addr replace "$service/128" dev lo nodad || die "cannot add the service address $service to lo"
    summary+=("lo $service/128")
fi

if [[ -n $via ]]; then
    ip -6 route replace default via "$via" ${via_mtu:+mtu "$via_mtu"} \
        || die "cannot route via $via${via_mtu:+ with MTU $via_mtu} (is it on one of this host's networks?)"
    summary+=("default via $via${via_mtu:+ mtu $via_mtu}")
fi

# Nothing can be sent from an address still in duplicate address detection (one added before accept_dad=0).
for _ in $(seq 1 50); do
    [[ -z $(ip -6 addr show tentative) ]] && break
    sleep 0.1
done
[[ -z $(ip -6 addr show tentative) ]] || die "addresses still tentative after 5 s: $(ip -6 -br addr show tentative | tr '\n' ';')"

((${#summary[@]})) || summary=("nothing to add")
joined=$(IFS=';'; echo "${summary[*]}")
say "$role: ${joined//;/; }"
