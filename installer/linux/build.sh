#!/usr/bin/env bash
# Build the Linux one-dir bundle (dist/vigdesk/) and dist/vigdesk-<version>-linux-x86_64.tar.gz.
#
# Usage: installer/linux/build.sh        (from anywhere; writes only build/ and dist/)
# Python: $VIGDESK_BUILD_PYTHON if set, else the checkout's .venv, else a venv it creates
# in build/venv with the project installed editable. PyInstaller is added if missing.
# Versions: constraints.txt. A venv it creates is installed with it; an existing one must
# match it (set VIGDESK_BUILD_UNPINNED=1 to build anyway, e.g. to try a new release).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
PYINSTALLER_REQ="pyinstaller>=6.10,<7"

if [ -n "${VIGDESK_BUILD_PYTHON:-}" ]; then
  PY="$VIGDESK_BUILD_PYTHON"
elif [ -x .venv/bin/python ]; then
  PY=.venv/bin/python
else
  if [ ! -x build/venv/bin/python ]; then
    echo "build: creating build/venv"
    python3 -m venv build/venv
  fi
  PY=build/venv/bin/python
  "$PY" -m pip install -q -c constraints.txt -e .
fi

# The bundle must be built from this checkout's code, not a stale copy in site-packages.
where="$("$PY" -c 'import vigdesk, pathlib; print(pathlib.Path(vigdesk.__file__).resolve().parent)')"
if [ "$where" != "$ROOT/vigdesk" ]; then
  echo "build: $PY imports vigdesk from $where, not $ROOT/vigdesk;" \
       "install this checkout with 'pip install -e .'" >&2
  exit 1
fi
"$PY" -m PyInstaller --version >/dev/null 2>&1 \
  || "$PY" -m pip install -q -c constraints.txt "$PYINSTALLER_REQ"

# The bundle carries what is installed: it must be the pinned set CI tested.
drift="$("$PY" - constraints.txt <<'PYEOF'
import sys
from importlib import metadata

for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, pinned = line.split("==")
    try:
        installed = metadata.version(name)
    except metadata.PackageNotFoundError:
        continue  # a test-only tool the bundle does not need
    if installed != pinned:
        print(f"{name} {installed} (constraints.txt: {pinned})")
PYEOF
)"
if [ -n "$drift" ]; then
  echo "build: $PY has versions other than constraints.txt pins:" >&2
  echo "$drift" | sed 's/^/  /' >&2
  if [ "${VIGDESK_BUILD_UNPINNED:-}" != "1" ]; then
    echo "build: run '$PY -m pip install -c constraints.txt -e .' (or refresh constraints.txt:" \
         "docs/contributing.md), or set VIGDESK_BUILD_UNPINNED=1 to build anyway" >&2
    exit 1
  fi
fi
VERSION="$("$PY" -c 'import vigdesk; print(vigdesk.__version__)')"

# Raster icons follow the SVG (committed, so Windows builds need no rendering step).
icons=resources/icons
if [ ! -f $icons/vigdesk.png ] || [ ! -f $icons/vigdesk.ico ] \
   || [ $icons/vigdesk.svg -nt $icons/vigdesk.png ] || [ $icons/vigdesk.svg -nt $icons/vigdesk.ico ]; then
  QT_QPA_PLATFORM=offscreen "$PY" installer/make_icons.py
fi

echo "build: PyInstaller $("$PY" -m PyInstaller --version), vigdesk $VERSION"
started=$(date +%s)
rm -rf dist/vigdesk
mkdir -p build
status=0
"$PY" -m PyInstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/vigdesk.spec >build/pyinstaller.log 2>&1 \
  || status=$?
# Known, harmless output: progress lines, Windows-only ctypes libraries, the icon (used on
# Windows only), Qt probing optional PipeWire/VA-API while PyInstaller's hook imports
# QtMultimedia, and the host GTK the (dropped) GTK theme plugin would need.
grep -v -e " INFO: " -e "required via ctypes not found" -e "Ignoring icon" \
        -e "symbolsresolver" -e "could not resolve 'libg[dt]k-3.so.0'" build/pyinstaller.log || true
if [ $status -ne 0 ] || [ ! -x dist/vigdesk/vigdesk ]; then
  echo "build: PyInstaller failed (exit $status); full log in build/pyinstaller.log" >&2
  exit 1
fi
echo "build: bundle built in $(( $(date +%s) - started )) s: dist/vigdesk ($(du -sh dist/vigdesk | cut -f1))"

# Tarball: vigdesk-<version>/{vigdesk, vigdesk-check, _internal/, share/...}
name="vigdesk-$VERSION-linux-x86_64"
stage="build/tarball/vigdesk-$VERSION"
rm -rf build/tarball
mkdir -p "$stage/share/applications" "$stage/share/icons/hicolor/256x256/apps"
cp -al dist/vigdesk/. "$stage/"  # hard links: no 500 MB copy
cp installer/linux/vigdesk.desktop "$stage/share/applications/"
cp $icons/vigdesk.png "$stage/share/icons/hicolor/256x256/apps/"
tar --sort=name --owner=0 --group=0 --numeric-owner -C build/tarball -cf - "vigdesk-$VERSION" \
  | gzip -n -6 > "dist/$name.tar.gz"
rm -rf build/tarball
echo "build: dist/$name.tar.gz ($(du -h "dist/$name.tar.gz" | cut -f1))"
