#!/usr/bin/env bash
# run-demo.sh: the handoff demo and its end-to-end checks, inside the Vagrant testbed's VMs (after `vagrant up`).
#
#   vagrant/run-demo.sh [--handoffs N] [--connections N] [--rate BYTES/S] [--interval MS] ...   (--help: all)
#
# The client VM streams both ways to the service over several connections while the application hands it off
# contact -> server -> contact ... N times (HA steering); then every byte is checked: exactly once, in order, no
# reset, and the HA agent steered the client N times. Exit code 0 when every check passed. Runs on this host
# (the build's classes: mvn -B -q -DskipTests package) and reaches the VMs with ssh (vagrant ssh-config).
set -euo pipefail
here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
# shellcheck source-path=SCRIPTDIR/.. source=bin/lib/run-java.sh
source "$here/../bin/lib/run-java.sh"
run_java run-demo eu.xtreemos.ds.vagrant.VagrantDemo --dir "$here" "$@"
