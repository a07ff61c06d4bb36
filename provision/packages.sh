# Sourced by integration/docker/build-image.sh and vagrant/build-box.sh (and checked by provision/ds-node-setup.sh):
# the Debian packages every testbed host needs, so the Docker image and the Vagrant box run the same userland.
#
# openjdk-17-jre-headless: dsco, the HA agent, the demo; iproute2: addresses and routes; iptables: dsco's packet
# filter rules; nftables: route optimization by address rewriting (ro.backend=nft, chosen by auto where the kernel has
# neither Mobile IPv6 nor SRv6); libnetfilter-queue1: as on the hosts (bin/setup); procps: sysctl; util-linux: setpriv.
# shellcheck shell=bash disable=SC2034
DS_NODE_PACKAGES=(openjdk-17-jre-headless iproute2 iptables nftables libnetfilter-queue1 procps util-linux)
