#!/usr/bin/env bash
# Runs the workbench on the PyTorch you already have (a CUDA build, usually): compiles DJL's JNI
# library (libdjl_torch) against the torch that python3 imports, installs it where DJL looks for it,
# and writes ~/.minimind/torch.properties, which the workbench reads at start-up. After this,
# `java -jar target/minimind-workbench.jar --device gpu ...` uses that torch with no further flags.
#
# Usage: src/main/bash/install-torch-jni.sh [options]
#   --python PY          the Python whose torch to use (default: python3)
#   --djl-src PATH       DJL's source at the tag of the workbench's DJL version (a directory or a
#                        .tar.gz of it; only engines/pytorch/pytorch-native, the JNI's Java
#                        declaration and api/src/main/native are used). Default: a shallow git clone
#                        of https://github.com/deepjavalibrary/djl at tag v<DJL version> (network)
#   --djl-version V      default: the version of target/lib/pytorch-engine-*.jar, else 0.36.0
#   --java-home DIR      a JDK (javac for the JNI header, jni.h, libjvm); default: $JAVA_HOME or
#                        the javac on PATH
#   --jni-header DIR --jni-include DIR --libjvm FILE
#                        instead of a JDK: a ready ai_djl_pytorch_jni_PyTorchLibrary.h, the folder
#                        holding jni.h (and linux/jni_md.h), and a libjvm.so (machines with a JRE only)
#   --cache-dir DIR      DJL's cache (default: $DJL_CACHE_DIR, else ~/.djl.ai)
#   --config FILE        the settings file to write (default: $MINIMIND_TORCH_CONFIG, else
#                        ~/.minimind/torch.properties)
#   --jobs N             parallel compile jobs (default: the number of cores)
#   --work DIR           build directory (default: a temporary one, removed at the end)
#   --library FILE       install this libdjl_torch (built before for the same torch) instead of
#                        building one
# Needs: cmake 3.18+, a C++17 compiler, ninja or make, and for a CUDA torch the CUDA toolkit
# (nvcc) that matches it; torch 2.4 or newer.
set -euo pipefail

PY=python3 DJL_SRC= DJL_VER= JDK=${JAVA_HOME:-} HEADER= JNI_INC= LIBJVM= CACHE=${DJL_CACHE_DIR:-}
CONFIG=${MINIMIND_TORCH_CONFIG:-$HOME/.minimind/torch.properties} JOBS= WORK= PREBUILT=
die() { echo "install-torch-jni: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while (($#)); do
  case $1 in
    --python) PY=$2; shift 2 ;;
    --djl-src) DJL_SRC=$2; shift 2 ;;
    --djl-version) DJL_VER=$2; shift 2 ;;
    --java-home) JDK=$2; shift 2 ;;
    --jni-header) HEADER=$2; shift 2 ;;
    --jni-include) JNI_INC=$2; shift 2 ;;
    --libjvm) LIBJVM=$2; shift 2 ;;
    --cache-dir) CACHE=$2; shift 2 ;;
    --config) CONFIG=$2; shift 2 ;;
    --jobs) JOBS=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --library) PREBUILT=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
[[ -n $JOBS ]] || JOBS=$(nproc 2>/dev/null || echo 4)
for t in cmake "$PY"; do command -v "$t" >/dev/null || die "$t is not on PATH"; done
GEN=(); if command -v ninja >/dev/null; then GEN=(-G Ninja); fi

# 1. the torch python imports
eval "$("$PY" - <<'EOF' || die "$PY cannot import torch"
import os, torch
v = torch.__version__.split('+')[0]
cuda = torch.version.cuda
print(f"TORCH_VERSION={v}")
print(f"TORCH_LIB={os.path.join(os.path.dirname(torch.__file__), 'lib')}")
print(f"TORCH_CMAKE={torch.utils.cmake_prefix_path}")
print(f"FLAVOR={'cu' + cuda.replace('.', '') if cuda else 'cpu'}")
print(f"CXX11_ABI={int(torch._C._GLIBCXX_USE_CXX11_ABI)}")
EOF
)"
MAJOR=${TORCH_VERSION%%.*}; MINOR=${TORCH_VERSION#*.}; MINOR=${MINOR%%.*}
(( MAJOR > 2 || (MAJOR == 2 && MINOR >= 4) )) ||
  die "torch $TORCH_VERSION is too old: the workbench's kernels need torch 2.4 or newer"
case "$(uname -s)" in Linux) OS=linux ;; Darwin) OS=osx ;; *) die "unsupported system $(uname -s)" ;; esac
case "$(uname -m)" in x86_64|amd64) ARCH=x86_64 ;; aarch64|arm64) ARCH=aarch64 ;; *) die "unsupported machine $(uname -m)" ;; esac
CLASSIFIER=$OS-$ARCH
echo "install-torch-jni: torch $TORCH_VERSION ($FLAVOR, $CLASSIFIER) in $TORCH_LIB"

# 2. DJL's version (the workbench's pytorch-engine jar), and the JNI: prebuilt or built from source
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
if [[ -z $DJL_VER ]]; then
  ENGINE=$(ls "$ROOT"/target/lib/pytorch-engine-*.jar 2>/dev/null | head -1 || true)
  if [[ -n $ENGINE ]]; then DJL_VER=$(basename "$ENGINE" .jar); DJL_VER=${DJL_VER#pytorch-engine-}; else DJL_VER=0.36.0; fi
fi
if [[ -n $PREBUILT ]]; then
  [[ -f $PREBUILT ]] || die "--library $PREBUILT: no such file"
  LIB=$PREBUILT
else
  CLEAN=
  if [[ -z $WORK ]]; then WORK=$(mktemp -d "${TMPDIR:-/tmp}/torch-jni.XXXXXX"); CLEAN=$WORK; fi
  trap 'if [[ -n $CLEAN ]]; then rm -rf "$CLEAN"; fi' EXIT
  SRC=$WORK/djl
  if [[ -z $DJL_SRC ]]; then
    command -v git >/dev/null || die "no --djl-src and no git to fetch DJL v$DJL_VER"
    echo "install-torch-jni: fetching DJL v$DJL_VER's source"
    git clone -q --depth 1 --branch "v$DJL_VER" https://github.com/deepjavalibrary/djl "$SRC" ||
      die "cannot clone DJL v$DJL_VER (no network?): pass --djl-src"
  elif [[ -d $DJL_SRC ]]; then
    mkdir -p "$SRC"; cp -r "$DJL_SRC"/. "$SRC"/
  else
    [[ -f $DJL_SRC ]] || die "--djl-src $DJL_SRC: no such file or directory"
    mkdir -p "$SRC"; tar -xzf "$DJL_SRC" -C "$SRC"
  fi
  NATIVE=$SRC/engines/pytorch/pytorch-native
  DECL=$SRC/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java
  [[ -f $NATIVE/CMakeLists.txt && -f $DECL ]] || die "$DJL_SRC is not DJL's source (no pytorch-native/CMakeLists.txt)"

  # JNI header, jni.h and libjvm
  mkdir -p "$NATIVE/build/include"
  if [[ -n $HEADER ]]; then
    [[ -n $JNI_INC && -n $LIBJVM ]] || die "--jni-header needs --jni-include and --libjvm"
    cp "$HEADER"/*.h "$NATIVE/build/include/"
  else
    if [[ -z $JDK ]]; then
      JAVAC=$(command -v javac || true)
      [[ -n $JAVAC ]] || die "no JDK: set JAVA_HOME, pass --java-home, or --jni-header/--jni-include/--libjvm"
      JDK=$(dirname "$(dirname "$(readlink -f "$JAVAC")")")
    fi
    [[ -x $JDK/bin/javac ]] || die "$JDK has no bin/javac"
    "$JDK/bin/javac" -h "$NATIVE/build/include" -d "$WORK/classes" "$DECL"
    JNI_INC=$JDK/include
    LIBJVM=$(find "$JDK" -name 'libjvm.*' | head -1)
  fi
  JNI_MD=$(dirname "$(find "$JNI_INC" -name jni_md.h | head -1)")
  [[ -f $JNI_INC/jni.h && -n $JNI_MD && -f $LIBJVM ]] || die "jni.h, jni_md.h or libjvm not found"

  # build (DJL's CMakeLists, as its build.sh does for a cuXXX flavor)
  CMAKE_ARGS=(-DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$TORCH_CMAKE"
    -DJAVA_INCLUDE_PATH="$JNI_INC" -DJAVA_INCLUDE_PATH2="$JNI_MD" -DJAVA_JVM_LIBRARY="$LIBJVM"
    -DJAVA_AWT_LIBRARY=NotNeeded -DJAVA_AWT_INCLUDE_PATH=NotNeeded)
  if [[ $FLAVOR == cu* ]]; then
    CMAKE_ARGS+=(-DUSE_CUDA=1 -DUSE_SYSTEM_NVTX=ON)
    if [[ -d /usr/local/cuda/bin ]]; then export PATH=/usr/local/cuda/bin:$PATH; fi
  fi
  if [[ $OS == linux ]]; then CMAKE_ARGS+=(-DCMAKE_SHARED_LINKER_FLAGS=-Wl,--as-needed); fi
  echo "install-torch-jni: building DJL $DJL_VER's JNI ($JOBS jobs)"
  (cd "$NATIVE/build" && cmake .. "${GEN[@]}" "${CMAKE_ARGS[@]}" > "$WORK/cmake.log" 2>&1) ||
    { tail -n 40 "$WORK/cmake.log" >&2; die "cmake could not configure the build (log above)"; }
  (cd "$NATIVE/build" && cmake --build . -j "$JOBS" > "$WORK/build.log" 2>&1) ||
    { grep -E 'error' "$WORK/build.log" | head -n 40 >&2; die "the JNI did not compile (errors above)"; }
  LIB=$(ls "$NATIVE"/build/libdjl_torch.* | head -1)
fi

# 3. install where DJL's LibUtils looks for a libtorch given by PYTORCH_LIBRARY_PATH:
#    <cache>/pytorch/<PYTORCH_VERSION>-<PYTORCH_FLAVOR>-<classifier>/<DJL version>-libdjl_torch.<ext>
DEFAULT_CACHE=$HOME/.djl.ai
CACHE_DIR=${CACHE:-$DEFAULT_CACHE}
DEST=$CACHE_DIR/pytorch/$TORCH_VERSION-$FLAVOR-$CLASSIFIER
mkdir -p "$DEST"
EXT=${LIB##*.}
cp "$LIB" "$DEST/$DJL_VER-libdjl_torch.$EXT"
echo "install-torch-jni: installed $DEST/$DJL_VER-libdjl_torch.$EXT"

# 3b. for a CUDA torch, the library that records and replays CUDA graphs (model/CudaGraph.java;
#     generation replays one graph per token): src/main/cpp/cuda_graph_jni.cpp against the same
#     libtorch. Optional: without it the workbench runs as before.
GRAPHS=
if [[ $FLAVOR == cu* && -f $ROOT/src/main/cpp/cuda_graph_jni.cpp ]]; then
  if [[ -z $JNI_INC && -n $JDK ]]; then JNI_INC=$JDK/include; fi
  CUDA_INC=$("$PY" -c '
import os, glob, torch.utils.cpp_extension as e
home = e.CUDA_HOME or "/usr/local/cuda"
found = [os.path.dirname(p) for p in glob.glob(os.path.join(home, "**", "cuda_runtime_api.h"), recursive=True)]
print(found[0] if found else "")' 2>/dev/null || true)
  CXX=${CXX:-c++}
  if [[ -z $JNI_INC || ! -f $JNI_INC/jni.h ]]; then
    echo "install-torch-jni: no jni.h (pass --java-home or --jni-include): CUDA graphs not built"
  elif [[ -z $CUDA_INC ]]; then
    echo "install-torch-jni: no CUDA headers (cuda_runtime_api.h): CUDA graphs not built"
  else
    GRAPHS=$DEST/libminimind_cuda_graph.so
    TORCH_INC=$(dirname "$TORCH_LIB")/include
    JNI_MD_DIR=$(dirname "$(find "$JNI_INC" -name jni_md.h | head -1)")
    if "$CXX" -O2 -std=c++17 -shared -fPIC -D_GLIBCXX_USE_CXX11_ABI="$CXX11_ABI" \
        "$ROOT/src/main/cpp/cuda_graph_jni.cpp" -o "$GRAPHS.tmp" \
        -I"$TORCH_INC" -I"$TORCH_INC/torch/csrc/api/include" -I"$CUDA_INC" -I"$JNI_INC" -I"$JNI_MD_DIR" \
        -L"$TORCH_LIB" -Wl,-rpath,"$TORCH_LIB" -ltorch_cuda -ltorch_cpu -lc10_cuda -lc10 \
        > "${TMPDIR:-/tmp}/cuda-graph-build.log" 2>&1; then
      mv "$GRAPHS.tmp" "$GRAPHS"
      echo "install-torch-jni: installed $GRAPHS"
    else
      tail -n 20 "${TMPDIR:-/tmp}/cuda-graph-build.log" >&2
      echo "install-torch-jni: the CUDA graph library did not compile (above); generation runs without it"
      GRAPHS=
    fi
  fi
fi

# 4. the settings the workbench reads at start-up (CUDA's runtime for DJL's GPU detection: the
#    libcudart that libtorch_cuda uses)
CUDART_DIR=
if [[ $FLAVOR == cu* ]]; then
  CUDART=$(ldd "$TORCH_LIB/libtorch_cuda.so" 2>/dev/null | awk '/libcudart/ {print $3}' | head -1)
  [[ -n $CUDART ]] || CUDART=$(find "$TORCH_LIB/../.." -name 'libcudart.so*' 2>/dev/null | head -1)
  if [[ -n $CUDART ]]; then CUDART_DIR=$(dirname "$(readlink -f "$CUDART")"); fi
fi
mkdir -p "$(dirname "$CONFIG")"
{
  echo "# written by install-torch-jni.sh on $(date -u +%FT%TZ) for torch $TORCH_VERSION ($FLAVOR)"
  echo "PYTORCH_LIBRARY_PATH=$TORCH_LIB"
  echo "PYTORCH_VERSION=$TORCH_VERSION"
  echo "PYTORCH_FLAVOR=$FLAVOR"
  if [[ $CACHE_DIR != "$DEFAULT_CACHE" ]]; then echo "DJL_CACHE_DIR=$CACHE_DIR"; fi
  if [[ -n $CUDART_DIR ]]; then echo "jna.library.path=$CUDART_DIR"; fi
  if [[ -n $GRAPHS ]]; then echo "minimind.cudaGraphLibrary=$GRAPHS"; fi
} > "$CONFIG.tmp"
mv "$CONFIG.tmp" "$CONFIG"
echo "install-torch-jni: wrote $CONFIG; the workbench now starts on torch $TORCH_VERSION ($FLAVOR)."
echo "The same as environment variables, for other DJL programs:"
grep -v '^#' "$CONFIG" | grep -v '^jna' | grep -v '^minimind' | sed 's/^/  export /'
