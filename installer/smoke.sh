#!/usr/bin/env bash
# Installer smoke test (takes minutes; not part of pytest):
# build the Linux bundle and tarball, unpack the tarball in a temporary folder, and run
# the BUNDLED vigdesk there, headless, against temporary vaults. Exits non-zero on any failure.
#
# Usage: installer/smoke.sh     (from a checkout; see installer/linux/build.sh for the Python used)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
started=$(date +%s)

installer/linux/build.sh
VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' vigdesk/__init__.py)"
TARBALL="$ROOT/dist/vigdesk-$VERSION-linux-x86_64.tar.gz"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
tar -xzf "$TARBALL" -C "$WORK"
APPDIR="$WORK/vigdesk-$VERSION"
APP="$APPDIR/vigdesk"
ERR="$WORK/stderr"
cd "$WORK"  # nothing from the checkout is importable from here
unset PYTHONPATH PYTHONHOME VIGDESK_HOME VIGDESK_PASSPHRASE
export QT_QPA_PLATFORM=offscreen

fail() {
  echo "smoke: FAIL: $*" >&2
  [ -s "$ERR" ] && sed 's/^/  | /' "$ERR" >&2
  exit 1
}
# run LABEL CMD...: the command must exit 0; its stdout is kept in $OUT.
run() {
  local label="$1"; shift
  OUT="$("$@" 2>"$ERR")" || fail "$label exited $?"
  echo "smoke: ok  $label"
}

for path in vigdesk vigdesk-check share/applications/vigdesk.desktop \
            share/icons/hicolor/256x256/apps/vigdesk.png; do
  [ -e "$APPDIR/$path" ] || fail "tarball has no $path"
done

run "vigdesk --version" "$APP" --version
[ "$OUT" = "vigdesk $VERSION" ] || fail "--version printed '$OUT'"

# Native pieces loaded lazily: resources, migrations, SQLCipher, PyAV, Pillow + fonts, Qt + playback.
run "vigdesk-check" "$APPDIR/vigdesk-check"
while IFS= read -r line; do echo "  | $line"; done <<<"$OUT"

HOME_DIR="$WORK/vault"
export VIGDESK_PASSPHRASE="smoke test passphrase 7"
run "vigdesk init" "$APP" init --home "$HOME_DIR" --name "Smoke Test" \
  --accept-agreement --kdf-seconds 0
run "vigdesk audit verify" "$APP" audit verify --home "$HOME_DIR"
run "vigdesk case list (empty vault)" "$APP" case list --home "$HOME_DIR"
unset VIGDESK_PASSPHRASE

DEMO_DIR="$WORK/demo"
run "vigdesk demo --no-gui" "$APP" demo --no-gui --home "$DEMO_DIR" --json
DEMO_PASSPHRASE="$(echo "$OUT" | python3 -c 'import json, sys; print(json.load(sys.stdin)["passphrase"])')"
run "vigdesk case list (demo vault)" env VIGDESK_PASSPHRASE="$DEMO_PASSPHRASE" \
  "$APP" case list --home "$DEMO_DIR"
cases=$(echo "$OUT" | grep -c . || true)
[ "$cases" -gt 0 ] || fail "the demo vault lists no cases"
echo "  | $cases demo cases"
run "vigdesk audit verify (demo vault)" env VIGDESK_PASSPHRASE="$DEMO_PASSPHRASE" \
  "$APP" audit verify --home "$DEMO_DIR"
echo "  | $OUT"

# Errors a bundle shows when a module, library or Qt plugin did not come along.
FATAL='Traceback|Failed to execute script|ModuleNotFoundError|ImportError|cannot open shared object'
FATAL="$FATAL|not page-aligned|Could not (load|find) the Qt platform plugin|could not find or load"
FATAL="$FATAL|No QtMultimedia backends found|Failed to initialize QMediaPlayer"

# The GUI on an empty home must reach the first-run window and stay up until killed.
EMPTY="$WORK/empty"
mkdir -p "$EMPTY"
status=0
timeout 5 "$APP" --home "$EMPTY" >/dev/null 2>"$ERR" || status=$?
[ $status -eq 124 ] || fail "GUI (offscreen) exited $status before the 5 s timeout"
! grep -Eq "$FATAL" "$ERR" || fail "GUI (offscreen) reported errors"
echo "smoke: ok  GUI offscreen: still running after 5 s, no errors"

# Under Xvfb (if installed): the real xcb platform plugin, and a mapped window of class vigdesk.
if command -v xvfb-run >/dev/null && command -v xwininfo >/dev/null; then
  rm -rf "$EMPTY" && mkdir -p "$EMPTY"
  status=0
  # shellcheck disable=SC2016  # the inner script gets its values as "$1".."$3"
  QT_QPA_PLATFORM=xcb xvfb-run -a bash -c '
    "$1" --home "$2" >/dev/null 2>"$3" & app=$!
    for _ in $(seq 60); do
      if xwininfo -root -tree | grep -q "(\"vigdesk\" "; then kill "$app"; wait "$app"; exit 0; fi
      kill -0 "$app" 2>/dev/null || exit 3
      sleep 0.25
    done
    kill "$app"; exit 4' _ "$APP" "$EMPTY" "$ERR" || status=$?
  case $status in
    0) ;;
    3) fail "GUI (xcb) exited before showing a window" ;;
    4) fail "GUI (xcb) showed no window within 15 s" ;;
    *) fail "xvfb-run exited $status" ;;
  esac
  ! grep -Eq "$FATAL" "$ERR" || fail "GUI (xcb) reported errors"
  echo "smoke: ok  GUI on Xvfb: first window mapped, no errors"
else
  echo "smoke: skip GUI on Xvfb (install xvfb and x11-utils to run it)"
fi

# Every bundled library must find its dependencies, apart from host desktop libraries
# the bundle deliberately leaves to the system (Wayland).
: >"$ERR"
while IFS= read -r -d '' lib; do
  LD_LIBRARY_PATH="$APPDIR/_internal" ldd "$lib" 2>/dev/null | grep "not found" \
    | grep -v -e "libwayland-" | sed "s|^|${lib#"$APPDIR"/}: |" >>"$ERR" || true
done < <(find "$APPDIR/_internal" -type f \( -name "*.so" -o -name "*.so.*" \) -print0)
[ ! -s "$ERR" ] || fail "bundled libraries with missing dependencies"
echo "smoke: ok  every bundled library resolves its dependencies"

echo
echo "smoke: bundle  $(du -sh "$ROOT/dist/vigdesk" | cut -f1)  dist/vigdesk"
echo "smoke: tarball $(du -h "$TARBALL" | cut -f1)  ${TARBALL#"$ROOT"/}"
echo "smoke: largest parts of the bundle:"
du -sh "$ROOT"/dist/vigdesk/_internal/* | sort -h | tail -8 | sed "s|$ROOT/dist/vigdesk/_internal/|  |"
echo "smoke: passed in $(( $(date +%s) - started )) s"
