#!/usr/bin/env bash
# Creates .venv-tools/ (gitignored) with the Python tools the tests use as independent references for
# DICOM SEG: pydicom and highdicom read our SEG files back, nibabel reads our label maps. Never installs
# system-wide. Tests that need it report SKIP when .venv-tools/ is absent. Safe to run repeatedly.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv-tools"
# One place for the versions.
REQUIREMENTS=(pydicom==3.0.2 highdicom==0.28.2 nibabel==5.4.2 numpy)

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import pydicom, highdicom, nibabel' 2>/dev/null; then
  echo "python-env: $VENV ready"
  exit 0
fi
PYTHON=python3
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3   # Debian's, as CI has it
"$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "${REQUIREMENTS[@]}"
"$VENV/bin/python" -c 'import pydicom, highdicom, nibabel; print("python-env: pydicom", pydicom.__version__, "highdicom", highdicom.__version__, "nibabel", nibabel.__version__)'
