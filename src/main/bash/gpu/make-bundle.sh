#!/usr/bin/env bash
# Packs what a GPU machine without Java needs to run the workbench's GPU checks into .gpu/ of the
# checkout: a small Java runtime, the app's headless jars, DJL's JNI source and its JNI header, and
# the seed's reference benchmark. The checkout itself (with src/main/bash/install-torch-jni.sh,
# src/main/bash/gpu/device-run.sh and src/main/python/gpu/) travels beside it.
#
# Run from the project root after `mvn -B -ntp -q package -DskipTests`:
#   DJL_JNI_SRC=<djl-v0.36.0 source .tar.gz> SEED_REF=<dir> bash src/main/bash/gpu/make-bundle.sh
# Settings (environment):
#   DJL_JNI_SRC   DJL's source at the tag of the project's DJL version, as a .tar.gz holding
#                 engines/pytorch/pytorch-native, engines/pytorch/pytorch-engine/.../jni/*.java and
#                 api/src/main/native (required)
#   SEED_REF      a folder with the seed's benchmark seed_bench.py, transformers_shim.py and the
#                 seed's model package seedref/ (model_memory_1_4_4.py, LMConfig.py) (required for
#                 the seed-* steps; without it they are skipped)
#   JDK           a JDK 17 home (default: $JAVA_HOME, the javac on PATH, /usr/lib/jvm/*)
#   SO            a libdjl_torch.so a device call returned: kept as .gpu/libdjl_torch.so, so that the
#                 device installs it instead of building (it is rebuilt if it does not link)
# Writes .gpu/bundle.tar.xz and adds /.gpu/ to .git/info/exclude. Then, with the device tool:
#   run(command="bash src/main/bash/gpu/device-run.sh", carry=[".gpu"], timeout_s=600)
set -euo pipefail
die() { echo "make-bundle: $*" >&2; exit 1; }
[ -f pom.xml ] || die "run this from the project root"
WB=target
[ -f $WB/minimind-workbench.jar ] && [ -d $WB/lib ] || die "no $WB/minimind-workbench.jar: run mvn -B -ntp -q package -DskipTests"
[ -n "${DJL_JNI_SRC:-}" ] && [ -f "$DJL_JNI_SRC" ] || die "set DJL_JNI_SRC to DJL's source .tar.gz"
for t in tar xz; do command -v $t >/dev/null || die "$t is missing"; done

is17() { [ -x "$1/bin/jlink" ] && "$1/bin/javac" -version 2>&1 | grep -q '^javac 17'; }
if [ -z "${JDK:-}" ]; then
  for c in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v javac || echo /x/y/z)")")")" /usr/lib/jvm/*; do
    if [ -n "$c" ] && is17 "$c"; then JDK=$c; break; fi
  done
fi
[ -n "${JDK:-}" ] && is17 "$JDK" || die "no JDK 17 found: set JDK"

WORK=$(mktemp -d /tmp/gpu-bundle.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
S=$WORK/bundle
mkdir -p "$S"/{app/lib,jni-header,jni-include/linux,reference}

# a Java runtime for the headless modes
"$JDK/bin/jlink" --add-modules java.base,java.management,java.logging,java.xml,java.sql,java.naming,jdk.unsupported,java.compiler,jdk.jfr \
  --strip-debug --no-header-files --no-man-pages --compress=0 --output "$S/jre"

# the app and the jars of its headless modes: not the bundled CPU libtorch and JNI (the device uses
# its own torch), nor the window's jars (JavaFX, chartfx and what only they pull in)
EXCLUDE="pytorch-native-* pytorch-jni-* tokenizers-* javafx-* chartfx-* openjfx-monocle-* controlsfx-*
ikonli-* dataset-[0-9]* bench-[0-9]* math-[0-9]* JTransforms-* JLargeArrays-* HdrHistogram-* pngj-*
icu4j-* listenablefuture-*"
repack() { # the same entries, stored: xz then packs the bundle much smaller
  local t; t=$(mktemp -d "$WORK/jar.XXXXXX"); (cd "$t" && unzip -q "$1" && zip -q -0 -X -r "$2" .); rm -rf "$t"
}
repack "$PWD/$WB/minimind-workbench.jar" "$S/app/minimind-workbench.jar"
for j in $WB/lib/*.jar; do
  n=$(basename "$j") keep=1
  for p in $EXCLUDE; do [[ $n == $p ]] && keep=0; done
  [ $keep = 1 ] && repack "$PWD/$j" "$S/app/lib/$n"
done

# for the app-with-cpu-jars step: what the default build's class path adds, without the 112 MB of
# libraries (DJL reads only native/lib/pytorch.properties of the CPU natives jar unless it loads
# them), and the prebuilt 2.7.1 JNIs
mkdir -p "$S/app/cpu-jars" "$WORK/props"
CPUJAR=$(ls "$PWD"/$WB/lib/pytorch-native-cpu-*.jar | head -1)
unzip -q -o "$CPUJAR" 'native/lib/pytorch.properties' -d "$WORK/props"
(cd "$WORK/props" && zip -q -0 -X -r "$S/app/cpu-jars/$(basename "$CPUJAR" .jar)-properties-only.jar" native)
cp $WB/lib/pytorch-jni-*.jar "$S/app/cpu-jars/"

# DJL's JNI source and header (javac -h on its PyTorchLibrary.java, as DJL's build.sh does), jni.h
cp "$DJL_JNI_SRC" "$S/djl-src.tar.gz"
tar -xzf "$DJL_JNI_SRC" -C "$WORK" --wildcards '*/PyTorchLibrary.java'
"$JDK/bin/javac" -h "$S/jni-header" -d "$WORK/classes" "$(find "$WORK" -name PyTorchLibrary.java | head -1)"
cp "$JDK/include/jni.h" "$S/jni-include/"
cp "$JDK/include/linux/jni_md.h" "$S/jni-include/linux/"
basename "$(ls $WB/lib/pytorch-engine-*.jar)" .jar | sed 's/^pytorch-engine-//' > "$S/djl-version"

if [ -n "${SEED_REF:-}" ]; then
  [ -f "$SEED_REF/seed_bench.py" ] && [ -d "$SEED_REF/seedref" ] || die "SEED_REF=$SEED_REF has no seed_bench.py or seedref/"
  cp "$SEED_REF/seed_bench.py" "$SEED_REF/transformers_shim.py" "$S/reference/"
  cp -r "$SEED_REF/seedref" "$S/reference/"
  rm -rf "$S/reference/seedref/__pycache__"
else
  echo "make-bundle: no SEED_REF: the device's seed-* steps will be skipped"
fi
echo "made $(date -u +%FT%TZ) from $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (uncommitted changes)')" > "$S/BUNDLE.txt"

mkdir -p .gpu
tar -C "$WORK" -cf - bundle | xz -9 -T0 > .gpu/bundle.tar.xz
if [ -n "${SO:-}" ]; then rm -f .gpu/libdjl_torch.so; cp "$SO" .gpu/libdjl_torch.so; chmod u+w .gpu/libdjl_torch.so; fi
EXF=$(git rev-parse --git-path info/exclude)
grep -qxF '/.gpu/' "$EXF" 2>/dev/null || echo '/.gpu/' >> "$EXF"
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
GPU_B=$(find .gpu -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
TREE_B=$({ git ls-files -z; git ls-files -z --others --exclude-standard; } | xargs -0 -r stat -c %s 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
echo "make-bundle: the checkout ($(mib "$TREE_B")) + .gpu ($(mib "$GPU_B")) = $(mib $((TREE_B + GPU_B))) travel"
