#!/bin/sh
# Print the path of a Python >= 3.12. Each candidate is actually run: pyenv installs shims such as
# python3.12 that exist on PATH but exit 127 unless that version is selected. Falls back to the
# interpreters under $(pyenv root)/versions, newest first. $PYTHON, when set, is tried first.
good() {
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}
for name in ${PYTHON:-} python3.14 python3.13 python3.12 python3 python; do
  if good "$name"; then
    "$name" -c 'import sys; print(sys.executable)'
    exit 0
  fi
done
if command -v pyenv >/dev/null 2>&1; then
  for candidate in $(ls -d "$(pyenv root)"/versions/3.*/bin/python3 2>/dev/null | sort -V -r); do
    if good "$candidate"; then
      echo "$candidate"
      exit 0
    fi
  done
fi
echo "No Python 3.12 or newer found. Install one (e.g. 'apt-get install python3' on Debian 13, or pyenv) or set PYTHON=/path/to/python3.12." >&2
exit 1
