#!/usr/bin/env bash
# Build the one-folder app with PyInstaller, check it with its own --self-test, and pack it as
# dist/waadmin-<version>-<os>-<arch>.tar.gz together with the desktop entry, AppStream metadata
# and icons (laid out under share/ as on a Linux system).
#   PYTHON=.venv/bin/python packaging/build.sh [--skip-self-test]
# DIST_DIR and WORK_DIR (default dist/ and build/pyinstaller/) say where the results go.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
SELF_TEST=1
[ "${1:-}" = "--skip-self-test" ] && SELF_TEST=0

if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
  echo "build.sh: PyInstaller is not installed for $PYTHON; install the build extra: $PYTHON -m pip install -e '.[build]'" >&2
  exit 2
fi

version="$("$PYTHON" -c 'import waadmin; print(waadmin.__version__)')"
os_name="$(uname -s | tr '[:upper:]' '[:lower:]')"
arch="$(uname -m)"
app_id=com.tsaircargo.waadmin
dist="${DIST_DIR:-dist}"
work="${WORK_DIR:-build/pyinstaller}"

"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath "$work" packaging/waadmin.spec

bundle="$dist/waadmin"
# What a Linux desktop needs to show the app in its menus, inside the bundle so one folder holds all.
install -Dm644 packaging/$app_id.desktop "$bundle/share/applications/$app_id.desktop"
install -Dm644 packaging/$app_id.metainfo.xml "$bundle/share/metainfo/$app_id.metainfo.xml"
install -Dm644 resources/icons/app/waadmin.svg "$bundle/share/icons/hicolor/scalable/apps/$app_id.svg"
for size in 16 24 32 48 64 128 256; do
  install -Dm644 "resources/icons/app/waadmin-$size.png" "$bundle/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
done

if [ "$SELF_TEST" = 1 ]; then
  "$bundle/waadmin" --self-test
fi

archive="$dist/waadmin-$version-$os_name-$arch.tar.gz"
tar -C "$dist" -czf "$archive" waadmin
echo "build.sh: $bundle and $archive ($(du -sh "$bundle" | cut -f1) unpacked)"
