#!/usr/bin/env bash
# Run on a machine with internet (Debian/Ubuntu, apt): downloads Debian's Vulkan loader (libvulkan1) and unpacks
# it into scripts/gpu/vendor/vulkan/, where scripts/gpu-check.sh finds it on a GPU machine without internet.
# onnxruntime's WebGPU provider (Dawn) loads libvulkan.so.1 at run time; the GPU's own Vulkan driver (for NVIDIA,
# the ICD that ships with the driver) must already be on the GPU machine. The vendor folder is not committed.
set -eu
cd "$(dirname "$0")"
mkdir -p vendor/debs vendor/vulkan
(cd vendor/debs && apt-get download libvulkan1)
for deb in vendor/debs/*.deb; do dpkg-deb -x "$deb" vendor/vulkan; done
find vendor/vulkan -name 'libvulkan.so*' -printf '%p\n'
