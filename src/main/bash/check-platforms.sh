#!/usr/bin/env bash
# Resolves the workbench's dependencies for every platform profile and for the CUDA flavour, as a
# build on that machine would (Maven downloads the platform's libtorch and JavaFX jars: about 1 GB
# the first time). Prints, per platform, the native jars it resolved; exits 1 if one fails.
# Usage: src/main/bash/check-platforms.sh   (from the project root)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.." || exit 1
failed=0
check() { # $1: label, rest: maven arguments
  local label=$1; shift
  local out
  if out=$(mvn -B -ntp "$@" dependency:resolve -DincludeGroupIds=org.openjfx,ai.djl.pytorch 2>&1); then
    local jars
    jars=$(grep -oE '(org\.openjfx|ai\.djl\.pytorch):[a-z-]+:jar:[a-z0-9_.-]+:[0-9.-]+' <<< "$out" \
      | grep -E "pytorch-native|javafx-graphics" | sort -u | tr '\n' ' ')
    printf '%-16s ok   %s\n' "$label" "$jars"
  else
    printf '%-16s FAIL\n' "$label"
    grep -E 'ERROR' <<< "$out" | head -5
    failed=1
  fi
}
for p in linux-x86_64 linux-aarch64 osx-aarch64 win-x86_64; do
  check "$p" -P"$p"
done
check "cuda (-Dcuda)" -Dcuda
exit $failed
