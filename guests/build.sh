#!/usr/bin/env bash
# Rebuilds every committed guest image from source (npm run guests). The build is
# byte-reproducible: CI rebuilds and checks that nothing changed.
set -euo pipefail
cd "$(dirname "$0")"
for part in baremetal/build.sh isa/build.sh lib/build.sh native/build.sh; do
  if [ -f "$part" ]; then bash "$part"; fi
done
