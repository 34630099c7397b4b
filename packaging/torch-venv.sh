#!/usr/bin/env bash
# Makes the project-local Python environment .venv/ (or $DELINEATE_VENV) with PyPI's torch, pinned in
# packaging/python/requirements.txt: the LibTorch 2.x with CUDA that `cmake --preset cuda` builds against, and
# the Python references of the tests and benchmarks (the official segment-anything SamPredictor). Never
# system-wide. Safe to run repeatedly: does nothing when the environment matches the pins.
#
# Which CUDA libraries (DELINEATE_CUDA_WHEELS, default auto):
#   system  torch and its three CUDA wheels no toolkit carries (cuSPARSELt, NVSHMEM, cuFile; about 0.8 GB
#           download, 1.6 GB on disk); the other CUDA libraries come from the machine's CUDA 13 toolkit
#   pypi    torch with every nvidia-* wheel its metadata pins (about 2.7 GB download, 5.5 GB on disk)
#   auto    system when the dynamic loader finds every CUDA 13 library torch needs, else pypi
# Either way libtorch_cuda.so and what it links must be present: it is linked and loaded even on a CPU.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${DELINEATE_VENV:-$PWD/.venv}"
pins=packaging/python/requirements.txt
extras=packaging/python/with-system-cuda.txt
mode="${DELINEATE_CUDA_WHEELS:-auto}"

# The sonames torch 2.11.0's libraries need from CUDA 13 (readelf -d torch/lib/*.so).
system_cuda_libs=(libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libcudnn.so.9 libnccl.so.2 libcufft.so.12
                  libcurand.so.10 libcusparse.so.12 libcusolver.so.12 libnvrtc.so.13 libcupti.so.13 libnvJitLink.so.13)
if [ "$mode" = auto ]; then
  mode=system
  loader_libs=$(ldconfig -p 2>/dev/null || true)
  for lib in "${system_cuda_libs[@]}"; do
    grep -q "^[[:space:]]*$lib " <<<"$loader_libs" || { mode=pypi; break; }
  done
fi
case "$mode" in system|pypi) ;; *) echo "torch-venv: DELINEATE_CUDA_WHEELS must be auto, system or pypi" >&2; exit 2;; esac

stamp="$venv/.delineate-pins"
want="$(cat "$pins" "$extras" | sha256sum | cut -c1-16) $mode"
if [ -x "$venv/bin/python3" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "torch-venv: $venv matches the pins ($mode CUDA libraries)"
  exit 0
fi

python=/usr/bin/python3
[ -x "$python" ] || python=python3
echo "torch-venv: making $venv with $("$python" --version) ($mode CUDA libraries)"
rm -rf "$venv"
"$python" -m venv "$venv"
pip=("$venv/bin/python3" -m pip install --disable-pip-version-check --no-input --progress-bar off -q)
if [ "$mode" = system ]; then
  "${pip[@]}" --no-deps -r "$pins" -r "$extras"
else
  "${pip[@]}" -r "$pins"
fi
"$venv/bin/python3" - <<'EOF'
import torch, torchvision, segment_anything
print(f"torch-venv: torch {torch.__version__} (CUDA {torch.version.cuda}), CMake package in "
      f"{torch.utils.cmake_prefix_path}; CUDA devices: {torch.cuda.device_count()}")
EOF
echo "$want" >"$stamp"
echo "torch-venv: $(du -sh "$venv" | cut -f1) on disk"
