#!/bin/bash
# Checks the README's promise: on a fresh Debian 12 machine, `make test`
# installs everything it needs and passes. Builds a minimal Debian 12 root
# (debootstrap minbase, plus git and make, which the README assumes), clones
# this repository's HEAD into it and runs `make test` there as root, with an
# empty environment. Needs root, network access to deb.debian.org, crates.io,
# static.rust-lang.org and the npm registry, and ~6 GB of disk. Not part of
# CI (it downloads and builds everything: ~10 minutes on 2 cores).
#
#   sudo tests/fresh/run.sh [ROOT]    # ROOT defaults to /var/tmp/quire-fresh; reused if present
set -euo pipefail

root=${1:-/var/tmp/quire-fresh}
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
[ "$(id -u)" = 0 ] || { echo "error: run as root (chroot and mount need it)" >&2; exit 1; }
command -v debootstrap >/dev/null || apt-get install -y --no-install-recommends debootstrap

if [ ! -x "$root/usr/bin/make" ]; then
    debootstrap --variant=minbase --include=git,make bookworm "$root" http://deb.debian.org/debian
fi
# What a networked machine has that a bare debootstrap lacks.
cp /etc/resolv.conf "$root/etc/resolv.conf"
printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost\n' > "$root/etc/hosts"
# Certificates of a TLS-inspecting proxy, if this host trusts any: the
# ca-certificates package that make installs picks them up from here.
mkdir -p "$root/usr/local/share/ca-certificates"
cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/" 2>/dev/null || true

mounts=(proc sys dev dev/pts)
cleanup() {
    for m in tmp dev/shm dev/pts dev sys proc; do
        mountpoint -q "$root/$m" && umount -l "$root/$m"
    done
    return 0
}
trap cleanup EXIT
for m in "${mounts[@]}"; do
    mountpoint -q "$root/$m" || mount --bind "/$m" "$root/$m"
done
mountpoint -q "$root/dev/shm" || mount -t tmpfs tmpfs "$root/dev/shm"
mountpoint -q "$root/tmp" || mount -t tmpfs -o size=8g tmpfs "$root/tmp"

rm -rf "$root/root/quire"
git clone -q "$repo" "$root/root/quire"
echo "== make test in a fresh Debian 12 at $root ($(git -C "$repo" log --oneline -1))"
chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /bin/bash -c 'cd /root/quire && make test'
echo "== make test passed on a fresh Debian 12"
