#!/usr/bin/env bash
# ds-node-config.sh: writes the HA agent's or a node's dsco configuration (docs/dsco-config.md) on a testbed host
# (Docker containers and Vagrant VMs alike). The same keys as eu.xtreemos.ds.cluster.ClusterConfig writes for the
# namespace testbed; ProvisionScriptsTest checks that both agree.
#
#   ds-node-config.sh ha   --out FILE --ha ADDR --nodes NAME=ADDR,... --service ID=[ADDR]:PORT --key FILE
#                          --nodes-interface DEV
#   ds-node-config.sh dsco --out FILE --ha ADDR --nodes NAME=ADDR,... --service ID=[ADDR]:PORT --key FILE
#                          --node NAME --api-socket PATH [--api-users UIDS] [--filter-mode hold|drop] [--set KEY=VALUE]...
#
#   --nodes    every server node, the contact node first and named "contact"
#   --service  the distributed server: its id, its IPv6 (service) address and its port
#   --key      the cluster key file (the same on every host; mode 0600, owned by root)
#   --set      any further dsco setting, written as given
#
# The HA agent routes the service's /64 to the contact node and steers clients to the node serving them.
set -euo pipefail

die() { echo "ds-node-config: error: $*" >&2; exit 1; }

HA_PORT=7300
CLUSTER_PORT=7200
CONTACT=contact

what=${1:-}
case "$what" in
    ha|dsco) shift ;;
    -h|--help) sed -n '2,17s/^# \{0,1\}//p' "$0"; exit 0 ;;
    "") die "say what to write: ha or dsco (see --help)" ;;
    *) die "unknown configuration '$what' (ha or dsco)" ;;
esac

out="" ha="" nodes="" service="" key="" interface="" node="" socket="" users=65534 filter=hold
extra=()
while (($#)); do
    case "$1" in
        --out) out=${2:?}; shift 2 ;;
        --ha) ha=${2:?}; shift 2 ;;
        --nodes) nodes=${2:?}; shift 2 ;;
        --service) service=${2:?}; shift 2 ;;
        --key) key=${2:?}; shift 2 ;;
        --nodes-interface) interface=${2:?}; shift 2 ;;
        --node) node=${2:?}; shift 2 ;;
        --api-socket) socket=${2:?}; shift 2 ;;
        --api-users) users=${2:?}; shift 2 ;;
        --filter-mode) filter=${2:?}; shift 2 ;;
        --set) [[ ${2:-} == *=* ]] || die "--set needs KEY=VALUE"; extra+=("$2"); shift 2 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
for required in out ha nodes service key; do
    [[ -n ${!required} ]] || die "--${required} is required"
done
[[ $service =~ ^([a-z0-9-]+)=\[([0-9a-fA-F:]+)\]:([0-9]+)$ ]] || die "--service $service: expected ID=[IPv6-ADDRESS]:PORT"
service_id=${BASH_REMATCH[1]} service_address=${BASH_REMATCH[2]} service_port=${BASH_REMATCH[3]}
[[ $nodes == "$CONTACT="* ]] || die "--nodes $nodes: the first node must be the contact node, named '$CONTACT'"
nodes=${nodes// /}
node_list=${nodes//,/, }

lines=()
put() { lines+=("$1 = $2"); }

if [[ $what == ha ]]; then
    [[ -n $interface ]] || die "--nodes-interface is required for the HA agent"
    put ha.name ha
    put ha.address "$ha"
    put ha.port "$HA_PORT"
    put cluster.key.file "$key"
    put nodes.interface "$interface"
    put nodes "$node_list"
    put "service.$service_id.address" "$service_address"
    put "service.$service_id.contact" "$CONTACT"
else
    [[ -n $node ]] || die "--node is required for dsco"
    [[ -n $socket ]] || die "--api-socket is required for dsco"
    address=$(tr ',' '\n' <<<"$nodes" | sed 's/^ *//' | awk -F= -v n="$node" '$1 == n {print $2}')
    [[ -n $address ]] || die "node '$node' is not among --nodes $nodes"
    put node.name "$node"
    put node.address "$address"
    put node.role "$([[ $node == "$CONTACT" ]] && echo contact || echo server)"
    put contact "$CONTACT"
    put nodes "$node_list"
    put "service.$service_id.address" "$service_address"
    put "service.$service_id.ports" "$service_port"
    put ha.address "$ha"
    put ha.port "$HA_PORT"
    put cluster.port "$CLUSTER_PORT"
    put cluster.key.file "$key"
    put api.socket "$socket"
    put api.users "$users"
    put filter.mode "$filter"
    for setting in "${extra[@]}"; do
        put "${setting%%=*}" "${setting#*=}"
    done
fi

mkdir -p "$(dirname "$out")"
{
    echo "# written by provision/ds-node-config.sh"
    printf '%s\n' "${lines[@]}"
} >"$out.part"
mv "$out.part" "$out"
