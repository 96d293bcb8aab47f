#!/usr/bin/env bash
# The C and C++ sources follow .clang-format (clang-format 14, Debian 12's). Lists every file that
# does not, with the first lines of its diff; `bash tests/check_format.sh --fix` rewrites them.
set -euo pipefail
cd "$(dirname "$0")/.."
formatter=clang-format-14
command -v "$formatter" >/dev/null || { echo "FAIL $formatter is missing: bash scripts/install-deps.sh installs it"; exit 1; }

# Why git ls-files: only our tracked sources, never node_modules or build trees.
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h' '*.c' | grep -v '/node_modules/')
if [ "${1:-}" = "--fix" ]; then
  "$formatter" -i "${files[@]}"
  exit 0
fi

# The check must notice a misformatted file, or it proves nothing.
sample=$(mktemp -d)
trap 'rm -rf "$sample"' EXIT
cp .clang-format "$sample/"
printf 'int  f( int x ){return x;}\n' >"$sample/bad.cpp"
if (cd "$sample" && "$formatter" --dry-run --Werror bad.cpp 2>/dev/null); then
  echo "FAIL $formatter accepted a misformatted sample: the check would pass anything"
  exit 1
fi

failed=0
for file in "${files[@]}"; do
  if ! "$formatter" "$file" | cmp -s - "$file"; then
    echo "FAIL $file does not follow .clang-format:"
    "$formatter" "$file" | diff -u "$file" - | sed -n '3,12p'
    failed=1
  fi
done
[ "$failed" -eq 0 ] && echo "ok ${#files[@]} C/C++ files follow .clang-format"
exit "$failed"
