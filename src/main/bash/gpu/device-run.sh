#!/usr/bin/env bash
# The GPU machine's side of the workbench's GPU checks (make-bundle.sh packs what it needs into
# .gpu/). Start it from the project root of the checkout on a machine with a CUDA GPU, python3 with
# torch (2.4 or newer) and pynvml, cmake, a C++ compiler and the CUDA toolkit; no Java needed:
#   STEPS='install app-seed seed-seed' OUT=<results dir> bash src/main/bash/gpu/device-run.sh
# 1. unpacks .gpu/bundle.tar.xz to /tmp/gpu
# 2. step install: src/main/bash/install-torch-jni.sh builds DJL's JNI against this machine's torch
#    (or installs the carried .gpu/libdjl_torch.so when it links) and writes the settings file the
#    workbench reads at start-up; every app step then runs plain `java -cp ... Main ARGS` with only
#    MINIMIND_TORCH_CONFIG pointing at that file: no other flag or variable
# 3. runs STEPS in order under one deadline (DEADLINE seconds, default 565) while gpumon.py samples
#    the GPU every 0.1 s; NAME.rN repeats step NAME
# Results in OUT: summary.txt (also printed), results.jsonl (one line per JSON result), logs.tgz,
# and libdjl_torch.so when it was built here.
set -u
OUT=${OUT:?set OUT to a folder for the results}
START=$(date +%s)
ROOT=$PWD
KIT=$ROOT/src/main/bash/gpu
PYKIT=$ROOT/src/main/python/gpu
DEADLINE=${DEADLINE:-565}
STEPS=${STEPS:-install app-tiny app-small seed-small app-seed seed-seed app-seed.r1 seed-seed.r1 seed-seed-bf16 app-generate parity app-train app-cpu-small}
G=/tmp/gpu; B=$G/bundle; L=$G/logs; RES=$OUT/results.jsonl; SUM=$OUT/summary.txt
rm -rf "$G"; mkdir -p "$L" "$OUT"
exec > >(tee -a "$SUM") 2>&1
left() { echo $(( DEADLINE - ($(date +%s) - START) )); }

# step NAME TIMEOUT CMD...: stdout/stderr to logs/NAME.out/.err; JSON lines of stdout to results.jsonl
step() {
  local name=$1 t=$2; shift 2
  local l; l=$(left)
  if (( l < 25 )); then echo "=== SKIP $name: deadline"; return 99; fi
  (( t > l - 15 )) && t=$(( l - 15 ))
  echo "=== $name (timeout ${t}s): ${*##*/}"
  local s e rc; s=$(date +%s.%N); echo "$s start $name" >> "$L/markers"
  timeout -k 5 "$t" "$@" > "$L/$name.out" 2> "$L/$name.err"; rc=$?
  e=$(date +%s.%N); echo "$e end $name rc=$rc" >> "$L/markers"
  echo "--- $name: rc=$rc wall=$(python3 -c "print(round($e-$s,1))")s"
  grep '^{' "$L/$name.out" | while IFS= read -r line; do
    echo "{\"step\":\"$name\",\"rc\":$rc,\"result\":$line}" >> "$RES"; echo "$line"; done
  if (( rc != 0 )); then echo "--- $name stderr (last 40 lines):"; tail -n 40 "$L/$name.err"; fi
  return $rc
}

finish() {
  [ -n "${MON:-}" ] && kill "$MON" 2>/dev/null
  echo "=== GPU per step (device-wide memory and utilization sampled every 0.1 s)"
  python3 "$PYKIT/step_gpu_stats.py" "$L/markers" "$L/gpumon.csv" 2>&1
  echo "=== elapsed $(( $(date +%s) - START ))s"
  tar -C "$G" -czf "$OUT/logs.tgz" --exclude='*.safetensors' --exclude='*.pth' --exclude='*.bin' logs out 2>/dev/null
}
trap finish EXIT

echo "=== machine"
date -u; nproc; nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
tar -xJf .gpu/bundle.tar.xz -C "$G" || { echo "cannot unpack .gpu/bundle.tar.xz"; exit 1; }
cat "$B/BUNDLE.txt"
python3 -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.get_device_name(0))"
python3 "$PYKIT/gpumon.py" "$L/gpumon.csv" 0.1 > "$L/gpumon.err" 2>&1 &
MON=$!
mkdir -p "$G/out"

CONFIG=$G/torch.properties
APP=(env "MINIMIND_TORCH_CONFIG=$CONFIG" "$B/jre/bin/java" ${JAVA_OPTS:-}
     -cp "$B/app/minimind-workbench.jar:$B/app/lib/*" org.minimind.workbench.cli.Main)
SEED=(python3 "$B/reference/seed_bench.py")
install() {
  local args=(--djl-src "$B/djl-src.tar.gz" --djl-version "$(cat "$B/djl-version")"
    --jni-header "$B/jni-header" --jni-include "$B/jni-include" --libjvm "$B/jre/lib/server/libjvm.so"
    --cache-dir "$G/djlcache" --config "$CONFIG" --work "$G/jni")
  if [ -f .gpu/libdjl_torch.so ] && [ "${BUILD:-0}" != 1 ]; then
    local tl; tl=$(python3 -c 'import torch, os; print(os.path.dirname(torch.__file__) + "/lib")')
    if ! LD_LIBRARY_PATH=$tl ldd -r .gpu/libdjl_torch.so 2>&1 | grep -qE 'not found|undefined symbol'; then
      args+=(--library .gpu/libdjl_torch.so)
    fi
  fi
  step install 300 bash "$ROOT/src/main/bash/install-torch-jni.sh" "${args[@]}"
  local built=$G/jni/djl/engines/pytorch/pytorch-native/build/libdjl_torch.so
  [ -f "$built" ] && cp "$built" "$OUT/libdjl_torch.so"
  cat "$CONFIG"
}

corpus() { # whole lines of the first 0.4 MB of the sample corpus
  head -c 400000 sample-models/corpus/austen.jsonl | head -n -1 > "$G/corpus.jsonl"
}

for s in $STEPS; do
  base=${s%%.r*}
  case $base in
    install) install ;;
    app-tiny) step "$s" 90 "${APP[@]}" --bench train --preset tiny --device gpu --steps 50 ;;
    app-small) step "$s" 150 "${APP[@]}" --bench train --preset small --device gpu --steps 50 ;;
    app-seed) step "$s" 200 "${APP[@]}" --bench train --preset seed --device gpu --steps 30 ;;
    app-seed-bf16) step "$s" 200 "${APP[@]}" --bench train --preset seed --device gpu --steps 30 --precision bf16 ;;
    app-small-bf16) step "$s" 150 "${APP[@]}" --bench train --preset small --device gpu --steps 50 --precision bf16 ;;
    app-generate) step "$s" 150 "${APP[@]}" --bench generate --preset small --device gpu --new-tokens 128 ;;
    app-generate-nograph) # the same without CUDA graphs: every kernel launched by its own call
      step "$s" 150 "${APP[@]:0:3}" -Dminimind.cudaGraphs=false "${APP[@]:3}" --bench generate --preset small --device gpu --new-tokens 128 ;;
    generate-graph-parity) # the sample model's text with and without CUDA graphs, same seed
      M=sample-models/minimind-memory-small
      for g in true false; do
        step "generate-graphs-$g" 90 "${APP[@]:0:3}" -Dminimind.cudaGraphs=$g "${APP[@]:3}" --generate --device gpu \
          --checkpoint "$M" --prompt "春风" --max-new-tokens 200 --seed 1
      done
      if cmp -s "$L/generate-graphs-true.out" "$L/generate-graphs-false.out"; then
        echo "--- generate-graph-parity: the same text with and without CUDA graphs"
      else
        echo "--- generate-graph-parity: the texts differ"; diff "$L/generate-graphs-true.out" "$L/generate-graphs-false.out" | head -n 20
      fi ;;
    app-generate-profile)
      step "$s" 150 "${APP[@]:0:3}" "-XX:StartFlightRecording=filename=$G/out/generate.jfr,settings=profile" \
        "${APP[@]:3}" --bench generate --preset small --device gpu --new-tokens 128 --profile "$G/out/generate-trace.json" ;;
    app-with-cpu-jars) # the default build's class path: its CPU natives jar (properties only) and
      # the prebuilt 2.7.1 JNIs beside the app; the settings file must still win
      step "$s" 120 env "MINIMIND_TORCH_CONFIG=$CONFIG" "$B/jre/bin/java" -cp "$B/app/minimind-workbench.jar:$B/app/lib/*:$B/app/cpu-jars/*" \
        org.minimind.workbench.cli.Main --bench train --preset small --device gpu --steps 20 ;;
    app-seed-default-alloc) step "$s" 200 "${APP[@]:0:3}" -Dminimind.cudaAlloc=default "${APP[@]:3}" --bench train --preset seed --device gpu --steps 30 ;;
    app-cpu-small) step "$s" 120 "${APP[@]}" --bench train --preset small --device cpu --steps 5 ;;
    app-small-profile) # the host's side of a step: Java Flight Recorder and PyTorch's profiler
      step "$s" 150 "${APP[@]:0:3}" "-XX:StartFlightRecording=filename=$G/out/small.jfr,settings=profile" \
        "${APP[@]:3}" --bench train --preset small --device gpu --steps 50 --profile "$G/out/small-trace.json" ;;
    parity)
      for f in src/test/resources/fixtures/seed-*; do
        [ -f "$f/model.safetensors" ] || [ -f "$f/model.pth" ] || continue # recorded outputs only
        n=$(basename "$f")
        step "dump-$n" 90 "${APP[@]}" --dump --device gpu --checkpoint "$f" \
          --inputs "$f/expected.safetensors" --out "$G/out/$n" --train-step &&
          step "parity-$n" 60 python3 "$PYKIT/check_parity.py" "$f" "$G/out/$n"
        tail -n 1 "$L/parity-$n.out" 2>/dev/null
      done ;;
    app-train)
      corpus
      R=$G/out/run-tiny
      step train 150 "${APP[@]}" --train --preset tiny --max-steps 60 --device gpu --corpus "$G/corpus.jsonl" \
        --tokenizer sample-models/minimind-memory-small/tokenizer.json --out "$R" && tail -n 4 "$L/train.out"
      step resume 150 "${APP[@]}" --train --resume --max-steps 90 --device gpu --out "$R" && tail -n 4 "$L/resume.out"
      CK=$(ls -d "$R"/checkpoints/step-* 2>/dev/null | tail -1)
      if [ -n "$CK" ]; then
        step generate 90 "${APP[@]}" --generate --device gpu --checkpoint "$CK" --prompt "It is a truth" \
          --max-new-tokens 40 --seed 1 && cat "$L/generate.out"
        python3 -c "
import json, struct, random
r = random.Random(0); ids = [r.randrange(6400) for _ in range(2 * 64)]
data = struct.pack('<%dq' % len(ids), *ids)
h = json.dumps({'input_ids': {'dtype': 'I64', 'shape': [2, 64], 'data_offsets': [0, len(data)]}}).encode()
h += b' ' * ((8 - len(h) % 8) % 8)
open('$G/inputs.safetensors', 'wb').write(struct.pack('<Q', len(h)) + h + data)"
        step dump-gpu 90 "${APP[@]}" --dump --checkpoint "$CK" --inputs "$G/inputs.safetensors" --out "$G/out/dump-gpu" --train-step --device gpu
        step dump-cpu 90 "${APP[@]}" --dump --checkpoint "$CK" --inputs "$G/inputs.safetensors" --out "$G/out/dump-cpu" --train-step --device cpu
        python3 "$PYKIT/compare_dumps.py" "$G/out/dump-gpu" "$G/out/dump-cpu"
      fi ;;
    app-cmd) eval "set -- ${APP_ARGS:?APP_ARGS}"; step "$s" 580 "${APP[@]}" "$@"; tail -n 30 "$L/$s.out" ;;
    torchrun-*) # the seed's model under torchrun with the run recorder: torchrun-PRESET-NGPUS,
      # torchrun-PRESET-norec-NGPUS without it (the baseline of the recorder's cost)
      rest=${base#torchrun-}; preset=${rest%-*}; n=${rest##*-}; extra=()
      if [[ $preset == *-norec ]]; then preset=${preset%-norec}; extra=(--no-record); fi
      if [ ! -f "$B/reference/seedref/model_memory_1_4_4.py" ]; then echo "=== SKIP $s: no seed model in the bundle"; continue; fi
      TR=(python3 -m torch.distributed.run --standalone --nproc_per_node "$n" "$PYKIT/../train_torchrun.py"
          --model-path "$B/reference/seedref/model_memory_1_4_4.py" --corpus random
          --tokenizer sample-models/minimind-memory-small/tokenizer.json --log-interval 10
          --counts-interval 50 --eval-interval 0 --checkpoint-interval 100000 --out "$G/out/runs/$s")
      case $preset in
        small) step "$s" 180 "${TR[@]}" "${extra[@]}" --preset small --max-steps 100 ;;
        seed) step "$s" 240 "${TR[@]}" "${extra[@]}" --preset seed --amp bf16 --max-steps 40 ;;
        seed32) step "$s" 240 "${TR[@]}" "${extra[@]}" --preset seed --max-steps 30 ;;
      esac
      grep -E 'tokens/s|done:' "$L/$s.out" | tail -n 5 ;;
    seed-*)
      if [ ! -f "$B/reference/seed_bench.py" ]; then echo "=== SKIP $s: no seed reference in the bundle"; continue; fi
      case $base in
        seed-small) step "$s" 90 "${SEED[@]}" --preset small --device cuda --steps 50 --gen-tokens 128 ;;
        seed-small-bf16) step "$s" 90 "${SEED[@]}" --preset small --device cuda --steps 50 --gen-tokens 2 --amp bf16 ;;
        seed-seed) step "$s" 120 "${SEED[@]}" --preset seed --device cuda --steps 30 --gen-tokens 2 ;;
        seed-seed-expandable) step "$s" 120 env PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True "${SEED[@]}" --preset seed --device cuda --steps 30 --gen-tokens 2 ;;
        seed-seed-bf16) step "$s" 120 "${SEED[@]}" --preset seed --device cuda --steps 30 --gen-tokens 2 --amp bf16 ;;
        seed-cmd) eval "set -- ${SEED_ARGS:?SEED_ARGS}"; step "$s" 580 "${SEED[@]}" "$@" ;;
        *) echo "=== unknown step $s" ;;
      esac ;;
    *) echo "=== unknown step $s" ;;
  esac
done
