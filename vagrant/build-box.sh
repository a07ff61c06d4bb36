#!/usr/bin/env bash
# build-box.sh: builds the Vagrant testbed's box on this machine, with no download but Debian packages, and
# adds it to Vagrant as ds/debian12-mip6 (provider libvirt). Progress goes to stderr.
#
#   vagrant/build-box.sh [--force]
#
# The box: a Debian bookworm root filesystem made with debootstrap (the packages of provision/packages.sh, the
# same as the Docker image's, plus Debian's stock kernel, systemd, sshd, sudo, ifupdown and a few tools), a
# `vagrant` user with passwordless sudo and Vagrant's insecure key, written into an ext4 file system on the
# whole disk (no partition table, no boot loader) and converted to a compressed qcow2 image. The guests boot
# it directly: the kernel and initrd are extracted next to the image and named in the box's own Vagrantfile
# (root=/dev/vda). The script checks that the kernel has Mobile IPv6 built in (CONFIG_IPV6_MIP6=y).
#
# Cached: the box is kept in $DS_TESTBED_CACHE/vagrant (default /var/cache/ds-testbed/vagrant) under the hash of
# its inputs (suite, packages, recipe version); a second run with the same inputs only checks that Vagrant has
# it (well under a second). --force builds it again. Needs root, debootstrap, qemu-img, mkfs.ext4 and vagrant
# (bin/setup installs them); the first build takes about 3-4 minutes.
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR/.. source=provision/packages.sh
source "$here/../provision/packages.sh"

SUITE=bookworm
MIRROR=${DS_DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=${DS_TESTBED_CACHE:-/var/cache/ds-testbed}/vagrant
BOX=ds/debian12-mip6
DISK_GIB=3
# What only a VM needs besides the nodes' packages: a kernel and its initrd, an init, sshd and sudo for Vagrant,
# ifupdown and a DHCP client for the management network, rsync for Vagrant's synced folder, kmod to load the
# XFRM modules, tcpdump for captures, socat to reach the demo application's control socket, ping to debug.
BOX_PACKAGES=(linux-image-amd64 initramfs-tools systemd-sysv udev openssh-server sudo ifupdown isc-dhcp-client netbase
              kmod rsync tcpdump socat iputils-ping)
# Bump when the way the box is made changes (not needed for SUITE or the package lists).
RECIPE=1
# The kernel command line the box's Vagrantfile gives the guests.
CMDLINE="root=/dev/vda rw console=ttyS0 net.ifnames=0"
# Kernel options the testbed relies on: Mobile IPv6 (type 2 routing header, home address option) and the
# XFRM netlink interface that programs it (built in or a module).
REQUIRED_BUILTIN=(CONFIG_IPV6_MIP6)
REQUIRED_ANY=(CONFIG_XFRM_USER CONFIG_IPV6 CONFIG_IPV6_TUNNEL)

say() { echo "build-box: $*" >&2; }
die() { echo "build-box: error: $*" >&2; exit 1; }

force=false
case "${1:-}" in
    "") ;;
    --force) force=true ;;
    -h|--help) sed -n '2,17s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (usage: $0 [--force])" ;;
esac

[[ $(id -u) -eq 0 ]] || die "run as root (debootstrap, mkfs and the box's root-owned files need it)"
for tool in debootstrap qemu-img mkfs.ext4 vagrant; do
    command -v "$tool" >/dev/null || die "no $tool command; bin/setup installs what the Vagrant testbed needs"
done

packages=("${DS_NODE_PACKAGES[@]}" "${BOX_PACKAGES[@]}")
hash=$(printf '%s\n' "$SUITE" "${packages[@]}" "$RECIPE" "$CMDLINE" "$DISK_GIB" | sha256sum | cut -c1-12)
dir="$CACHE/$hash"
box_file="$dir/ds-debian12-mip6.box"
# Where libvirt's qemu (user libvirt-qemu) can read the kernel: the box in VAGRANT_HOME (by default under /root)
# is out of its reach. The box's Vagrantfile uses this copy when it exists, and its own otherwise.
boot_dir="/var/lib/libvirt/boot/ds-debian12-mip6-$hash"
vagrant_home=${VAGRANT_HOME:-$HOME/.vagrant.d}
added_marker="$vagrant_home/boxes/${BOX//\//-VAGRANTSLASH-}/0/libvirt/ds-box-inputs"

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9

install_boot_files() {
    mkdir -p "$boot_dir"
    cp "$dir/vmlinuz" "$dir/initrd.img" "$boot_dir/"
    chmod 755 "$boot_dir"
    chmod 644 "$boot_dir/vmlinuz" "$boot_dir/initrd.img"
}

if ! $force && [[ -s $box_file && -f $added_marker && $(cat "$added_marker") == "$hash" ]]; then
    [[ -s $boot_dir/vmlinuz ]] || install_boot_files
    say "box $BOX ($hash) is up to date: $(cat "$dir/kernel-check")"
    exit 0
fi

if $force || [[ ! -s $box_file ]]; then
    rm -rf "$dir"
    work=$(mktemp -d "$CACHE/build.XXXXXX")
    trap 'rm -rf --one-file-system "$work"' EXIT
    rootfs="$work/rootfs"
    log="$CACHE/debootstrap.log"
    started=$SECONDS
    say "debootstrap --variant=minbase $SUITE from $MIRROR with ${#packages[@]} packages and their dependencies (2-3 minutes; log: $log)"
    if ! debootstrap --variant=minbase --include="$(IFS=,; echo "${packages[*]}")" "$SUITE" "$rootfs" "$MIRROR" >"$log" 2>&1; then
        tail -n 15 "$log" >&2
        die "debootstrap failed (whole log: $log)"
    fi
    say "root filesystem made in $((SECONDS - started)) s"

    # The kernel: Mobile IPv6 must be built in (the testbed's XFRM data plane needs it).
    config=$(find "$rootfs/boot" -maxdepth 1 -name 'config-*' | head -n 1)
    [[ -n $config ]] || die "the root filesystem has no kernel config in /boot (see $log)"
    kernel=${config##*/config-}
    for option in "${REQUIRED_BUILTIN[@]}"; do
        grep -qx "$option=y" "$config" || die "kernel $kernel: $option is not built in ($(grep -E "^(# )?${option}[= ]" "$config" || echo "absent"))"
    done
    for option in "${REQUIRED_ANY[@]}"; do
        grep -qE "^$option=[ym]" "$config" || die "kernel $kernel: $option is neither built in nor a module"
    done
    check="kernel $kernel: $(for o in "${REQUIRED_BUILTIN[@]}" "${REQUIRED_ANY[@]}"; do grep -E "^$o=" "$config"; done | tr '\n' ' ')"
    say "$check"
    [[ -x $rootfs/usr/lib/jvm/java-17-openjdk-amd64/bin/java ]] || die "the root filesystem has no Java 17 (see $log)"

    say "configuring the guest: vagrant user, sshd, management network, serial console"
    echo ds-node >"$rootfs/etc/hostname"
    echo "/dev/vda / ext4 rw,relatime 0 1" >"$rootfs/etc/fstab"
    cat >"$rootfs/etc/network/interfaces" <<'EOF'
# The management network (Vagrant reaches the guest over it); the testbed's own networks are set up by
# provision/ds-node-setup.sh.
auto lo
iface lo inet loopback

allow-hotplug eth0
iface eth0 inet dhcp
EOF
    chroot "$rootfs" useradd --create-home --shell /bin/bash vagrant
    echo "vagrant ALL=(ALL) NOPASSWD: ALL" >"$rootfs/etc/sudoers.d/vagrant"
    chmod 440 "$rootfs/etc/sudoers.d/vagrant"
    install -d -m 700 -o "$(chroot "$rootfs" id -u vagrant)" -g "$(chroot "$rootfs" id -g vagrant)" "$rootfs/home/vagrant/.ssh"
    insecure_key=$(find /usr/share/rubygems-integration/all/gems/vagrant-*/keys /usr/share/vagrant/keys /opt/vagrant/embedded/gems/gems/vagrant-*/keys \
        -name vagrant.pub 2>/dev/null | head -n 1 || true)
    [[ -n $insecure_key ]] || die "Vagrant's insecure public key (keys/vagrant.pub) was not found in the vagrant package"
    install -m 600 -o "$(chroot "$rootfs" id -u vagrant)" -g "$(chroot "$rootfs" id -g vagrant)" "$insecure_key" \
        "$rootfs/home/vagrant/.ssh/authorized_keys"
    # Each guest gets its own machine id at first boot (an empty file means "not set yet" to systemd).
    : >"$rootfs/etc/machine-id"
    rm -f "$rootfs/var/lib/dbus/machine-id"
    # Periodic maintenance would only steal the emulated CPU during a test.
    for unit in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer man-db.timer; do
        ln -sf /dev/null "$rootfs/etc/systemd/system/$unit"
    done
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
        "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*

    mkdir -p "$work/box"
    cp "$(readlink -f "$rootfs/vmlinuz")" "$work/box/vmlinuz"
    cp "$(readlink -f "$rootfs/initrd.img")" "$work/box/initrd.img"
    say "ext4 image of ${DISK_GIB} GiB and qcow2 conversion"
    started=$SECONDS
    mkfs.ext4 -q -F -L ds-root -d "$rootfs" "$work/disk.raw" "${DISK_GIB}G" >/dev/null || die "mkfs.ext4 -d failed"
    qemu-img convert -c -O qcow2 "$work/disk.raw" "$work/box/box.img" || die "qemu-img convert failed"
    rm -f "$work/disk.raw"
    say "image made in $((SECONDS - started)) s ($(du -h "$work/box/box.img" | cut -f1))"

    cat >"$work/box/metadata.json" <<EOF
{"provider": "libvirt", "format": "qcow2", "virtual_size": $DISK_GIB}
EOF
    cat >"$work/box/Vagrantfile" <<EOF
# The box's own settings (built by vagrant/build-box.sh, inputs $hash): direct kernel boot of Debian's kernel.
Vagrant.configure("2") do |config|
  config.vm.provider :libvirt do |libvirt|
    # libvirt's qemu cannot read a box under /root: build-box.sh put a copy where it can.
    boot = File.directory?("$boot_dir") ? "$boot_dir" : File.dirname(__FILE__)
    libvirt.kernel = File.join(boot, "vmlinuz")
    libvirt.initrd = File.join(boot, "initrd.img")
    libvirt.cmd_line = "$CMDLINE"
  end
end
EOF
    echo "$check" >"$work/box/kernel-check"
    echo "$hash" >"$work/box/ds-box-inputs"
    say "packing the box"
    tar -C "$work/box" -cf "$work/box.part" . || die "could not pack the box"
    mkdir -p "$dir"
    cp "$work/box/vmlinuz" "$work/box/initrd.img" "$work/box/kernel-check" "$dir/"
    mv "$work/box.part" "$box_file"
    # Boxes of older inputs are of no further use.
    find "$CACHE" -mindepth 1 -maxdepth 1 -type d ! -name "$hash" ! -name 'build.*' -exec rm -rf {} +
    find /var/lib/libvirt/boot -mindepth 1 -maxdepth 1 -type d -name 'ds-debian12-mip6-*' ! -name "ds-debian12-mip6-$hash" -exec rm -rf {} +
    say "cached $box_file ($(du -h "$box_file" | cut -f1))"
fi

install_boot_files
say "vagrant box add $BOX"
vagrant box add --force --name "$BOX" "$box_file" >&2 || die "vagrant box add failed"
# A box libvirt already imported into its storage pool would be used instead of the new one: remove it.
if command -v virsh >/dev/null && virsh -c qemu:///system pool-info default >/dev/null 2>&1; then
    virsh -c qemu:///system vol-list default 2>/dev/null | awk '$1 ~ /^ds-VAGRANTSLASH-debian12-mip6_vagrant_box_image/ {print $1}' \
        | while read -r vol; do virsh -c qemu:///system vol-delete --pool default "$vol" >/dev/null 2>&1 || true; done
fi
[[ -f $added_marker ]] || die "vagrant box add did not put the box where expected ($added_marker)"
say "box $BOX ready: $(cat "$dir/kernel-check")"
