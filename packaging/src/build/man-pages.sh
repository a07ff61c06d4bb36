#!/usr/bin/env bash
# man-pages.sh: the packaging module's man page steps (packaging/pom.xml runs it).
#
#   man-pages.sh sections ADOC-DIR      dsco and ds-ha are system administration commands: section 8, not the
#                                       generator's 1 (the page of a subcommand, dsco-check-kernel, too)
#   man-pages.sh install MAN-DIR DEST   gzips each troff page NAME.N into DEST/manN/NAME.N.gz (-n: no name or
#                                       time stamp in the gzip header, so the package is the same each build)
set -euo pipefail

die() { echo "man-pages.sh: error: $*" >&2; exit 1; }

case "${1:-}" in
    sections)
        dir=${2:?ADOC-DIR}
        compgen -G "$dir/*.adoc" >/dev/null || die "no AsciiDoc pages in $dir"
        for page in "$dir"/dsco.adoc "$dir"/dsco-*.adoc "$dir"/ds-ha.adoc "$dir"/ds-ha-*.adoc; do
            [[ -e $page ]] || continue
            sed -i -E '1,/^= /s/^(= [^(]+)\(1\)/\1(8)/; s/^:manvolnum: 1$/:manvolnum: 8/' "$page"
        done
        ;;
    install)
        dir=${2:?MAN-DIR} dest=${3:?DEST}
        compgen -G "$dir/*.[18]" >/dev/null || die "no troff pages in $dir"
        for page in "$dir"/*.[18]; do
            section=${page##*.}
            mkdir -p "$dest/man$section"
            gzip -9n -c "$page" >"$dest/man$section/$(basename "$page").gz"
        done
        ;;
    *) die "say sections or install (see the comment at the top)" ;;
esac
