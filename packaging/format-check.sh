#!/usr/bin/env bash
# The tree follows .clang-format: every C++ source and header of ours (git ls-files: never build/, never
# ../shared). Prints the files that differ and the first lines of each difference; exit 1 if any does.
#
#   packaging/format-check.sh          check (CI runs this through run-tests.sh with DELINEATE_FORMAT_CHECK=1)
#   packaging/format-check.sh --fix    reformat those files in place
#
# The version matters: Debian 12's clang-format 14 is the reference (another version may format some
# constructs differently; the check says which version it ran).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "format-check: clang-format is not installed (apt install clang-format)" >&2; exit 2; }
mapfile -t files < <(git ls-files -- '*.cpp' '*.h' '*.cc' '*.hpp')
if [ "${1:-}" = --fix ]; then
  printf '%s\0' "${files[@]}" | xargs -0 -n 50 clang-format -i
  echo "format-check: reformatted ${#files[@]} files with $(clang-format --version)"
  exit 0
fi
bad=()
for file in "${files[@]}"; do
  if ! clang-format --dry-run --Werror "$file" >/dev/null 2>&1; then
    bad+=("$file")
  fi
done
if [ ${#bad[@]} -eq 0 ]; then
  echo "format-check: ${#files[@]} files follow .clang-format ($(clang-format --version))"
  exit 0
fi
for file in "${bad[@]}"; do
  echo "format-check: $file differs from .clang-format:"
  diff -u "$file" <(clang-format "$file") | sed -n '3,12p' | sed 's/^/    /'
done
echo "format-check: ${#bad[@]} of ${#files[@]} files differ; packaging/format-check.sh --fix reformats them" >&2
exit 1
