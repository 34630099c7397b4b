#!/usr/bin/env bash
# Installs every Debian 12 (bookworm) package that Delineate's build, tests and demo need.
# One list, one place. Safe to run repeatedly: does nothing when everything is present.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config
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
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
