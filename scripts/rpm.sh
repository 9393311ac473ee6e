#!/usr/bin/env bash
# `make rpm`: builds every package with `rpmbuild -ta` from the `make dist` tarball, into
# dist/rpm (never ~/rpmbuild). Works with Debian's rpm package as with an EL build host: the
# spec defines every path it uses and needs no build dependencies.
#
#   scripts/rpm.sh [TARBALL]
# TARBALL defaults to dist/ovm-guest-toolkit-<version>.tar.gz. Environment:
#   RPM_TOPDIR        where rpmbuild works and puts RPMS/ and SRPMS/ (default dist/rpm)
#   PYTHON3_SITELIB   the guest's Python 3 site-packages for the templateconfig package
#                     (default: a copy in each of /usr/lib/python3.{6,9,12}/site-packages, for EL7 to EL10)
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(node -p 'require("./package.json").version')
tarball="${1:-dist/ovm-guest-toolkit-$version.tar.gz}"
topdir="${RPM_TOPDIR:-$PWD/dist/rpm}"

if ! command -v rpmbuild >/dev/null; then
    echo "rpm: rpmbuild is missing; install it (Debian: apt-get install rpm; EL: dnf install rpm-build)" >&2
    exit 1
fi
if [ ! -f "$tarball" ]; then
    echo "rpm: $tarball is missing; run \`make dist\` first" >&2
    exit 1
fi

# Old packages would otherwise sit beside the new ones and be picked up by the checks.
rm -rf "$topdir/RPMS" "$topdir/SRPMS" "$topdir/BUILD" "$topdir/BUILDROOT"
mkdir -p "$topdir"
defines=(--define "_topdir $topdir")
[ -n "${PYTHON3_SITELIB:-}" ] && defines+=(--define "ovm_python3_sitelib $PYTHON3_SITELIB")

if ! rpmbuild -ta --quiet "${defines[@]}" "$tarball" >"$topdir/rpmbuild.log" 2>&1; then
    cat "$topdir/rpmbuild.log" >&2
    echo "rpm: rpmbuild failed (log above, also in $topdir/rpmbuild.log)" >&2
    exit 1
fi
find "$topdir/RPMS" "$topdir/SRPMS" -name '*.rpm' | sort
