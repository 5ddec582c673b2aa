#!/usr/bin/env bash
# Cross-checks `cellota image` against MCUboot's reference imgtool, both ways, for every key type.
# imgtool is not part of the build (its Python dependencies are not in our registries' Maven artefacts),
# so this is a manual check; the test suite proves byte identity against imgtool's stored reference images.
#
# Usage: IMGTOOL="python3 /path/to/mcuboot/scripts/imgtool.py" firmware-object/interop/imgtool-interop.sh
# (Debian: apt-get install python3-cryptography python3-click python3-intelhex python3-cbor2)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cellota="$here/cellota"
imgtool=${IMGTOOL:?set IMGTOOL to the imgtool command, e.g. "python3 mcuboot/scripts/imgtool.py"}
data="$here/firmware-object/src/test/resources/io/cellota/firmware/testkit/mcuboot"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail=0
check() { if "$@" >/dev/null 2>&1; then echo "ok    $*"; else echo "FAIL  $*"; fail=1; fi; }
same() { if cmp -s "$1" "$2"; then echo "ok    $1 == $2 (byte-identical)"; else echo "FAIL  $1 != $2"; fail=1; fi; }

echo "imgtool $($imgtool version)"
for t in ecdsa-p256 ecdsa-p384 ed25519 rsa-2048 rsa-3072; do
  "$cellota" image keygen -t "$t" -k "$t.pem" >/dev/null
  "$cellota" image sign -k "$t.pem" -v 1.2.3+4 -H 0x200 --pad-header --align 4 -S 0x80000 -s auto \
      "$data/payload-64k.bin" "ours-$t.bin" >/dev/null
  check $imgtool verify -k "$t.pem" "ours-$t.bin"
  "$cellota" image sign -k "$t.pem" -v 2.0.0 -H 0x200 --pad-header --align 4 -S 0x20000 --confirm \
      --public-key-format full -d "(1,1.0.0)" --custom-tlv 0xa0 0x0102 "$data/payload-3001.bin" "ours-opts-$t.bin" >/dev/null
  check $imgtool verify -k "$t.pem" "ours-opts-$t.bin"
  $imgtool sign -k "$t.pem" -v 3.0.0 -H 0x200 --pad-header --align 4 -S 0x80000 "$data/payload-3001.bin" "theirs-$t.bin" >/dev/null
  check "$cellota" image verify -k "$t.pem" "theirs-$t.bin"
done
for opts in "-s 7" "--pure" "--sha 512 --public-key-format full -s 9 -d (1,1.0.0),(2,2.3.4+5) --custom-tlv 0xa5 hello --confirm"; do
  # shellcheck disable=SC2086
  $imgtool sign -k "$data/key-ed25519.pem" -v 1.0.0 -H 0x200 --pad-header --align 4 -S 0x20000 $opts "$data/payload-3001.bin" theirs.bin >/dev/null
  # shellcheck disable=SC2086
  "$cellota" image sign -k "$data/key-ed25519.pem" -v 1.0.0 -H 0x200 --pad-header --align 4 -S 0x20000 $opts "$data/payload-3001.bin" ours.bin >/dev/null
  same ours.bin theirs.bin
done
exit $fail
