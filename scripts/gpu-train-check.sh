#!/usr/bin/env bash
# Compiled training on the GPU: training throughput of the compiled step graph on CUDA and WebGPU
# against the CPU, at batch 256, for a network of 64-channel 3×3 convolutions on 64×64 RGB inputs; the
# host↔device copy share; a one-step parity check of each GPU provider against the CPU; a batch-size sweep.
#
#   scripts/gpu-train-check.sh            (from anywhere; scripts/gpu-check.sh calls it at its end)
#
# Needs no internet and no GPU: a provider that cannot start is reported with the reason (e.g. "CUDA provider
# not installed — run `npm run setup:cuda`", "libcudnn.so.9 not found", "libvulkan.so.1 not found") and the
# run goes on with the others. Output: one JSON object per line (bench/train-gpu.ts), then a summary.
# Environment: GPU_TRAIN_TIMEOUT (seconds, default 480), GPU_TRAIN_BATCH (default 256),
# GPU_TRAIN_PROVIDERS (default cpu,cuda,webgpu), GPU_TRAIN_SECONDS (per measurement, default 10).
set -u
cd "$(dirname "$0")/.." || exit 1

echo "== compiled training: GPU vs CPU (scripts/gpu-train-check.sh) =="
if ! command -v node >/dev/null 2>&1; then echo "SKIP: node is not installed"; exit 0; fi
if [ ! -d node_modules/onnxruntime-node ]; then echo "SKIP: node_modules is missing — run npm ci first"; exit 0; fi
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null | sed 's/^/GPU: /'
else
  echo "GPU: nvidia-smi not found (no NVIDIA driver visible); CUDA will fall back to the CPU"
fi
ORT_BIN="node_modules/onnxruntime-node/bin/napi-v6/linux/x64"
if [ -f "$ORT_BIN/libonnxruntime_providers_cuda.so" ]; then
  echo "CUDA provider: installed; needs $(readelf -d "$ORT_BIN/libonnxruntime_providers_cuda.so" 2>/dev/null | grep -oE 'lib(cudart|cublas|cudnn)[^] ]*' | sort -u | tr '\n' ' ')"
else
  echo "CUDA provider: not installed in $ORT_BIN (npm run setup:cuda needs internet; copy the files in to test CUDA)"
fi

out="$(mktemp)"
timeout "${GPU_TRAIN_TIMEOUT:-480}" node --import tsx bench/train-gpu.ts \
  --providers "${GPU_TRAIN_PROVIDERS:-cpu,cuda,webgpu}" --batch "${GPU_TRAIN_BATCH:-256}" --seconds "${GPU_TRAIN_SECONDS:-10}" \
  2> >(grep -v 'W:onnxruntime' >&2) | tee "$out"
status=${PIPESTATUS[0]}
if [ "$status" -eq 124 ]; then echo "TIMEOUT after ${GPU_TRAIN_TIMEOUT:-480} s — the lines above are what was measured"; fi

echo "-- summary --"
node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
  for (const l of lines) {
    if (l.error) console.log(`${l.requested ?? l.parity ?? l.sweep ?? l.experiment}: ERROR ${l.error}`);
    else if (l.skipped) console.log(`${l.requested} -> ${l.skipped} (${l.fallbackReason})`);
    else if (l.requested) console.log(`${l.requested} -> ran on ${l.provider}${l.fallbackReason ? ` (fallback: ${l.fallbackReason})` : ""}: ${l.samplesPerSecond} samples/s at batch ${l.batch}, step ${l.stepMs} ms, copy share ${(100 * l.copyShare).toFixed(1)}%`);
    else if (l.ratio) console.log(`${l.ratio} at batch ${l.batch}: ${l.speedup}x (target >= ${l.target}x), copy share ${(100 * l.copyShare).toFixed(1)}%`);
    else if (l.experiment) console.log(`experiment (${l.experiment}) at batch ${l.batch}: ${l.samplesPerSecond} samples/s, loss ${l.firstLoss} -> ${l.lastLoss}, θ kept in ${l.thetaLocation}`);
    else if (l.parity) console.log(`parity ${l.parity} vs cpu: loss rel diff ${l.lossRelDiff.toExponential(2)}, update rel diff ${l.updateRelDiff.toExponential(2)}`);
    else if (l.sweep) console.log(`  ${l.sweep} batch ${l.batch}: ${l.samplesPerSecond} samples/s, copy share ${(100 * l.copyShare).toFixed(1)}%`);
  }
  if (!lines.some((l) => l.ratio)) console.log("no GPU provider started: nothing to compare with the CPU");
' "$out"
rm -f "$out"
exit 0
