#!/usr/bin/env bash
# GPU check for a machine with an NVIDIA GPU and no internet (python3 with torch and onnx; this repo with its
# node_modules). Each step reports and the script goes on; the summary at the end lists every step.
#
#   scripts/gpu-check.sh [OUTDIR]          (default /tmp/convas-gpu-check; PYTHON=… picks the interpreter)
#
# 1. exports LeNet-5, its locally-connected twin and the residual net with random weights, validates each with
#    onnx.checker and compares it with an independent PyTorch implementation on CUDA (scripts/gpu/torch_reference.py);
# 2. runs `convas run` with --provider webgpu and --provider cuda (CUDA when its provider libraries are found);
# 3. benchmarks onnxruntime on the GPU against the CPU at batch 256 (and PyTorch as a reference).
#
# WebGPU needs the Vulkan loader: on a machine with internet first run scripts/gpu/fetch-vulkan.sh, which unpacks
# Debian's libvulkan1 into scripts/gpu/vendor/ to travel with this script. The GPU's Vulkan driver (NVIDIA's ICD)
# must come with the machine's driver. The CUDA provider comes from `npm run setup:cuda` (needs internet once);
# its CUDA 12 / cuDNN 9 libraries may come from the system or from the pip wheels torch brings (nvidia/*/lib).
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=${1:-/tmp/convas-gpu-check}
PYTHON=${PYTHON:-python3}
TSX="$ROOT/node_modules/.bin/tsx"
CONVAS="node $ROOT/bin/convas.mjs"
mkdir -p "$OUT"
SUMMARY=()

step() { printf '\n== %s\n' "$*"; }
record() { SUMMARY+=("$1  $2"); printf -- '-> %s: %s\n' "$2" "$1"; }
# run_step "label" command…: runs it with a 10-minute cap, records PASS or FAIL (exit code), never stops.
run_step() {
  local label=$1
  shift
  if timeout 600 "$@"; then record PASS "$label"; else record "FAIL (exit $?)" "$label"; fi
}

step "0. environment"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "nvidia-smi: not found"
echo "node $(node --version)"
$PYTHON - <<'PY' || echo "python: torch/onnx not importable with $PYTHON"
import torch, onnx
print(f"torch {torch.__version__} (CUDA {torch.version.cuda}, available: {torch.cuda.is_available()}), onnx {onnx.__version__}")
PY

# CUDA and cuDNN libraries from the pip wheels torch depends on (nvidia-cudnn-cu12, nvidia-cublas-cu12, …).
LIBS=$($PYTHON - <<'PY' 2>/dev/null
import glob, os, site
roots = site.getsitepackages() + [site.getusersitepackages()]
dirs = [d for r in roots for d in glob.glob(os.path.join(r, "nvidia", "*", "lib")) + glob.glob(os.path.join(r, "torch", "lib"))]
print(":".join(dirs))
PY
)
[ -n "$LIBS" ] && export LD_LIBRARY_PATH="$LIBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" && echo "added python's CUDA libraries to LD_LIBRARY_PATH"

ORT_BIN=$(node -e "const p=require('path');console.log(p.join(p.dirname(require.resolve('onnxruntime-node/package.json')),'bin','napi-v6',process.platform,process.arch))")
CUDA_EP="$ORT_BIN/libonnxruntime_providers_cuda.so"
if [ -f "$CUDA_EP" ]; then
  echo "CUDA provider: $CUDA_EP"
  command -v readelf >/dev/null && readelf -d "$CUDA_EP" | grep NEEDED | grep -Eo 'lib(cudart|cublas|cublasLt|cudnn|cufft|curand)\.so\.[0-9]+' | sort -u | tr '\n' ' ' && echo "(the CUDA/cuDNN majors it needs)"
  command -v ldd >/dev/null && ldd "$CUDA_EP" | grep 'not found' || true
else
  echo "CUDA provider: not installed in $ORT_BIN (npm run setup:cuda needs internet); the cuda run will fall back to cpu and say so"
fi

VENDOR="$ROOT/scripts/gpu/vendor/vulkan"
if [ -d "$VENDOR" ]; then
  VK_LIB=$(dirname "$(find "$VENDOR" -name 'libvulkan.so.1*' | head -1)")
  [ -n "$VK_LIB" ] && export LD_LIBRARY_PATH="$VK_LIB:$LD_LIBRARY_PATH" && echo "Vulkan loader: $VK_LIB (vendored)"
fi
ICD=""
for f in /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do [ -f "$f" ] && ICD=$f && break; done
if [ -z "$ICD" ]; then
  GLX=$(ldconfig -p 2>/dev/null | grep -o '/.*libGLX_nvidia.so.0' | head -1)
  if [ -n "$GLX" ]; then
    # The NVIDIA driver is mounted without its ICD manifest: write one (the manifest format of the Vulkan loader).
    ICD="$OUT/nvidia_icd.json"
    printf '{"file_format_version":"1.0.0","ICD":{"library_path":"%s","api_version":"1.3.0"}}\n' "$GLX" >"$ICD"
  fi
fi
if [ -n "$ICD" ]; then export VK_ICD_FILENAMES=$ICD; echo "Vulkan ICD: $ICD"; else echo "Vulkan ICD: no NVIDIA Vulkan driver found (WebGPU will report no adapter)"; fi

step "1. export, onnx.checker, PyTorch reference on CUDA"
run_step "export models (engine and onnxruntime CPU outputs)" "$TSX" scripts/gpu/prepare.ts "$OUT"
for dir in "$OUT"/*/; do
  [ -f "$dir/model.onnx" ] || continue
  run_step "$(basename "$dir"): onnx.checker + PyTorch vs engine and onnxruntime" $PYTHON scripts/gpu/torch_reference.py "$dir"
done

step "2. convas run on GPU providers"
MODEL="$OUT/lenet5/model.onnx"
for provider in webgpu cuda; do
  echo "convas run lenet5 --provider $provider:"
  if timeout 600 $CONVAS run "$MODEL" --dataset mnist --provider $provider --json | tee "$OUT/run-$provider.json"; then
    ran=$(node -e "console.log(JSON.parse(require('fs').readFileSync(process.argv[1],'utf8')).provider)" "$OUT/run-$provider.json" 2>/dev/null)
    if [ "$ran" = "$provider" ]; then record PASS "convas run --provider $provider"; else record "FELL BACK to $ran" "convas run --provider $provider"; fi
  else
    record FAIL "convas run --provider $provider"
  fi
done

step "3. throughput at batch 256, all 70,000 digits"
for name in lenet5 lenet5-lc lc-stack residual; do
  [ -f "$OUT/$name/model.onnx" ] || continue
  for provider in cpu cuda webgpu; do
    line=$(timeout 600 $CONVAS run "$OUT/$name/model.onnx" --dataset mnist --split all --batch-size 256 --provider $provider --json 2>/dev/null)
    [ -z "$line" ] && { echo "$name $provider: failed"; continue; }
    node -e "const r=JSON.parse(process.argv[1]);console.log(process.argv[2].padEnd(10), ('asked '+process.argv[3]).padEnd(13), ('ran '+r.provider).padEnd(11), Math.round(r.samplesPerSecond).toLocaleString('en-US').padStart(9)+' samples/s', r.fallbackReason?'('+r.fallbackReason+')':'')" "$line" "$name" "$provider"
  done
  timeout 300 $PYTHON scripts/gpu/torch_reference.py "$OUT/$name" --bench 256 | grep 'samples/s' || true
done
record DONE "benchmark (numbers above)"

# ---- compiled training (owned by the compiled-training code, kept in its own script) ----
step "4. compiled training: CUDA/WebGPU vs CPU at batch 256, copy share, parity (scripts/gpu-train-check.sh)"
if bash "$ROOT/scripts/gpu-train-check.sh"; then record DONE "compiled training benchmark (numbers above)"; else record FAIL "compiled training benchmark"; fi

step "summary"
printf '%s\n' "${SUMMARY[@]}"
