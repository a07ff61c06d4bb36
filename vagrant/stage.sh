#!/usr/bin/env bash
# stage.sh: prepares what the Vagrant testbed's VMs get as /opt/ds, in vagrant/.stage; the Vagrantfile runs it
# before up, provision and reload (so it runs once per VM: it is quick when nothing changed).
#
#   vagrant/stage.sh
#
#   .stage/lib/        the software: the project's jars side by side and its classes in classes/ — from
#                      $DS_VAGRANT_SOFTWARE if set (a directory laid out so, as the Vagrant test makes from its
#                      classpath), else from the Maven build (integration/target/lib/*.jar, integration/target/classes)
#   .stage/dsco.deb    the Debian package (packaging/target/dsco_*_all.deb): dsco, ds-ha and their systemd units,
#                      which the VMs install
#   .stage/bin/        the user commands (bin/)
#   .stage/provision/  the provisioning scripts the Docker testbed runs too (provision/)
#   .stage/vagrant/    what runs inside the VMs only (vagrant/guest/: ds-daemons.sh)
#   .stage/cluster.key the cluster key: made once, kept for the next runs (delete .stage to get a new one)
#
# It also starts libvirtd by hand (vagrant/libvirt.sh) when libvirt is installed but not answering.
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
root=$(dirname "$here")
stage="$here/.stage"
say() { echo "stage: $*" >&2; }
die() { echo "stage: error: $*" >&2; exit 1; }

if command -v libvirtd >/dev/null && ! "$here/libvirt.sh" status; then
    "$here/libvirt.sh" start || say "warning: libvirt could not be started; the libvirt provider will fail"
fi

command -v rsync >/dev/null || die "no rsync (bin/setup installs it; Vagrant's synced folder needs it too)"
mkdir -p "$stage"
exec 9>"$here/.stage.lock"
flock 9

if [[ -n ${DS_VAGRANT_SOFTWARE:-} ]]; then
    [[ -d $DS_VAGRANT_SOFTWARE/classes ]] || die "DS_VAGRANT_SOFTWARE=$DS_VAGRANT_SOFTWARE has no classes/ directory"
    rsync -a --delete "$DS_VAGRANT_SOFTWARE/" "$stage/lib/"
    from=$DS_VAGRANT_SOFTWARE
else
    classes="$root/integration/target/classes" lib="$root/integration/target/lib"
    if [[ ! -f $classes/eu/xtreemos/ds/demo/DscoStreamServer.class ]] || ! compgen -G "$lib/*.jar" >/dev/null; then
        die "the project is not built: run 'mvn -B -q -DskipTests package' in $root first"
    fi
    mkdir -p "$stage/lib"
    rsync -a --delete --exclude classes "$lib/" "$stage/lib/"
    rsync -a --delete "$classes/" "$stage/lib/classes/"
    from="the Maven build"
fi
debs=("$root"/packaging/target/dsco_*_all.deb)
[[ -f ${debs[0]} ]] || die "no Debian package in $root/packaging/target: run 'mvn -B -q -DskipTests package' in $root first"
((${#debs[@]} == 1)) || die "more than one package in $root/packaging/target (${debs[*]}): remove the old ones"
cp "${debs[0]}" "$stage/dsco.deb"
rsync -a --delete "$root/bin/" "$stage/bin/"
rsync -a --delete "$root/provision/" "$stage/provision/"
rsync -a --delete "$here/guest/" "$stage/vagrant/"
# Readable by the VMs' unprivileged users (the demo runs as nobody).
chmod -R a+rX "$stage/lib" "$stage/bin" "$stage/provision" "$stage/vagrant" "$stage/dsco.deb"
if [[ ! -s $stage/cluster.key ]]; then
    head -c 32 /dev/urandom >"$stage/cluster.key.part"
    chmod 600 "$stage/cluster.key.part"
    mv "$stage/cluster.key.part" "$stage/cluster.key"
fi
say "software from $from staged in $stage ($(du -sh "$stage/lib" | cut -f1))"
