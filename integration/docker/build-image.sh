#!/usr/bin/env bash
# build-image.sh: builds the Docker testbed's node image on this machine (no registry is needed) and
# prints its tag on stdout; progress goes to stderr.
#
#   integration/docker/build-image.sh [--force]
#
# The image is a Debian bookworm minbase root filesystem made with debootstrap, with a JRE and the tools
# the daemons run (ip, ip6tables, setpriv, sysctl), imported with `docker import` as ds-node:<hash of the
# inputs: suite, variant, packages, recipe version> and tagged ds-node:latest. The project's jars are not
# in it: the testbed bind-mounts them when a container starts, so a code change never needs a new image.
#
# Idempotent: an image built from the same inputs is reused (about 0.2 s), and the root filesystem tarball
# is kept in $DS_TESTBED_CACHE (default /var/cache/ds-testbed), so a lost image is re-imported in seconds.
# --force builds both again. Needs root and a running Docker engine; installs debootstrap if missing.
set -euo pipefail

SUITE=bookworm
VARIANT=minbase
MIRROR=${DS_DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=${DS_TESTBED_CACHE:-/var/cache/ds-testbed}
# The packages every testbed host has (the Vagrant box has the same ones): provision/packages.sh.
# shellcheck source-path=SCRIPTDIR/../.. source=provision/packages.sh
source "$(dirname "$(readlink -f "$0")")/../../provision/packages.sh"
PACKAGES=$(IFS=,; echo "${DS_NODE_PACKAGES[*]}")
REPOSITORY=ds-node
# Bump when the way the root filesystem is made changes (not needed for SUITE, VARIANT or PACKAGES).
RECIPE=1

say() { echo "build-image: $*" >&2; }
die() { echo "build-image: error: $*" >&2; exit 1; }

force=false
case "${1:-}" in
    "") ;;
    --force) force=true ;;
    -h|--help) sed -n '2,15s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (usage: $0 [--force])" ;;
esac

[[ $(id -u) -eq 0 ]] || die "run as root (debootstrap and docker need it)"
command -v docker >/dev/null || die "no docker command; install Debian's docker.io (bin/setup does)"
docker info >/dev/null 2>&1 || die "no Docker engine answers on this machine; start one (bin/setup starts dockerd)"

hash=$(printf '%s\n' "$SUITE" "$VARIANT" "$PACKAGES" "$RECIPE" | sha256sum | cut -c1-12)
tag="$REPOSITORY:$hash"
tarball="$CACHE/rootfs-$hash.tar"

mkdir -p "$CACHE"
# One build at a time: tests of several checkouts may ask for the image at once.
exec 9>"$CACHE/.lock"
flock 9

if ! $force && docker image inspect "$tag" >/dev/null 2>&1; then
    docker tag "$tag" "$REPOSITORY:latest"
    say "image $tag is up to date"
    echo "$tag"
    exit 0
fi

if $force || [[ ! -s $tarball ]]; then
    if ! command -v debootstrap >/dev/null; then
        say "installing debootstrap"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap; } >/dev/null \
            || die "could not install debootstrap with apt-get"
    fi
    rootfs=$(mktemp -d "$CACHE/rootfs-build.XXXXXX")
    trap 'rm -rf --one-file-system "$rootfs"' EXIT
    log="$CACHE/debootstrap.log"
    say "debootstrap --variant=$VARIANT $SUITE from $MIRROR with $PACKAGES (about a minute; log: $log)"
    started=$SECONDS
    if ! debootstrap --variant="$VARIANT" --include="$PACKAGES" "$SUITE" "$rootfs" "$MIRROR" >"$log" 2>&1; then
        tail -n 15 "$log" >&2
        die "debootstrap failed (whole log: $log)"
    fi
    say "root filesystem made in $((SECONDS - started)) s; trimming and packing it"
    # Package caches, lists and documentation are of no use in a test container.
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
        "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*
    [[ -x $rootfs/usr/lib/jvm/java-17-openjdk-amd64/bin/java ]] || die "the root filesystem has no Java 17 (see $log)"
    tar -C "$rootfs" --numeric-owner -cf "$tarball.part" . || die "could not pack the root filesystem into $tarball"
    mv "$tarball.part" "$tarball"
    # Tarballs of older versions of this script are of no further use.
    find "$CACHE" -maxdepth 1 -name 'rootfs-*.tar' ! -name "rootfs-$hash.tar" -delete
    say "cached $tarball ($(du -h "$tarball" | cut -f1))"
fi

say "docker import as $tag"
docker import \
    --change 'CMD ["sleep", "infinity"]' \
    --change "LABEL eu.xtreemos.ds.image-inputs=$hash" \
    --message "Distributed Servers testbed node: Debian $SUITE $VARIANT + $PACKAGES" \
    "$tarball" "$tag" >/dev/null || die "docker import of $tarball failed"
docker tag "$tag" "$REPOSITORY:latest"
# Images of older inputs are of no further use (one that a container still uses stays).
docker images --filter "label=eu.xtreemos.ds.image-inputs" --format '{{.Repository}}:{{.Tag}}' "$REPOSITORY" \
    | grep -v -x -e "$tag" -e "$REPOSITORY:latest" | xargs -r docker rmi >/dev/null 2>&1 || true
say "image $tag ready ($(docker image inspect -f '{{.Size}}' "$tag" | numfmt --to=iec))"
echo "$tag"
