#!/usr/bin/env bash
# Installs every Debian 12 (bookworm) package that Delineate's build, tests and demo need.
# One list, one place. Safe to run repeatedly: does nothing when everything is present.
#
#   packaging/install-deps.sh [--cuda]
#
# --cuda (and automatically when nvidia-smi lists a GPU) also makes the project-local Python environment .venv/
# with PyPI's torch (packaging/torch-venv.sh): the LibTorch 2.x with CUDA that `cmake --preset cuda` builds
# against. Building it needs the CUDA 13 toolkit (nvcc) as well; running on a GPU needs an NVIDIA driver >= 580.
set -euo pipefail
cd "$(dirname "$0")/.."

cuda=0
for arg in "$@"; do
  case "$arg" in
    --cuda) cuda=1 ;;
    *) echo "usage: packaging/install-deps.sh [--cuda]" >&2; exit 2 ;;
  esac
done
if [ "$cuda" = 0 ] && command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L 2>/dev/null | grep -q '^GPU '; then
  echo "install-deps: nvidia-smi lists a GPU: making the CUDA build's environment too (--cuda)"
  cuda=1
fi

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config
  # lint and format (packaging/clang-tidy.sh, packaging/format-check.sh)
  clang-tidy clang-format
  # GUI
  qt6-base-dev qt6-tools-dev qt6-l10n-tools qt6-svg-dev libgl-dev
  # Qt's own strings (standard buttons, file dialogs) in the user's language
  qt6-translations-l10n
  # inference / training (OpenBLAS: without it LibTorch uses the ~10x slower reference BLAS)
  libtorch-dev libopenblas0-openmp
  # medical image IO
  libdcmtk-dev libinsighttoolkit5-dev libopenjp2-7-dev zlib1g-dev
  # 2D images, morphology
  libopencv-dev
  # JSON in the Qt-free core
  nlohmann-json3-dev
  # demo study (Colin27) and the independent references used by tests: geometry (dcm2niix, nibabel),
  # decoded DICOM pixel values (pydicom with GDCM, tests/dicom/dicom_reference.py)
  mricron-data dcm2niix python3-nibabel python3-numpy python3-pydicom python3-gdcm
  # teams: DICOM SEG validation (dciodvfy), a real PACS for the DIMSE / DICOMweb tests, a one-node Slurm
  # cluster for the batch test, venv for the Python references (packaging/python-env.sh), openssl for the
  # DICOM TLS test's certificates
  dicom3tools dcmtk orthanc orthanc-dicomweb slurm-wlm munge python3-venv openssl
  # libFuzzer harnesses (fuzz preset, packaging/fuzz.sh): clang 14 with its sanitizer and fuzzer runtimes
  clang libclang-rt-14-dev
  # headless GUI tests and screenshots
  xvfb xauth x11-apps imagemagick
  # the project-local Python environment of the CUDA build and of the PyTorch references (packaging/torch-venv.sh)
  python3-venv
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "$cuda" = 1 ]; then
  bash packaging/torch-venv.sh
  command -v nvcc >/dev/null 2>&1 || [ -x /usr/local/cuda/bin/nvcc ] ||
    echo "install-deps: no nvcc found: \`cmake --preset cuda\` needs the CUDA 13 toolkit (nvcc) to find LibTorch's CUDA part"
fi
