#!/usr/bin/env bash
# Build the macOS app (dist/GoodCircleStudio.app, plus the plain folder dist/GoodCircleStudio) and self-test it.
# The same steps as installers/build-linux (kept in step with it; not run on the Linux build machine):
#
#   installers/build-macos.sh              # clean build venv in build/venv-macos
#   installers/build-macos.sh --dev-venv   # build from .venv instead
#
# The versions are requirements.lock's (PyInstaller, and Pillow, with which PyInstaller turns
# resources/icons/app-512.png into the .icns, are its build extra).
# The .app is not signed or notarised: Gatekeeper asks on first open (right-click, Open) until it is.
# One step of build-linux is not here: building FFmpeg (installers/ffmpeg_build.py). The .app ships the
# imageio-ffmpeg wheel's ffmpeg and the wheels' FFmpeg libraries as they come (the spec's non-Linux branch): a
# macOS build of our own would need its toolchain and dylibs found by install name, and it cannot be built or
# tested on the Linux build machine (docs/decisions/linux-folder-size.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
APP=GoodCircleStudio

say() { printf '[build-macos] %s\n' "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

started=$(date +%s)

if [[ "${1:-}" == "--dev-venv" ]]; then
    PY="$ROOT/.venv/bin/python"
    [[ -x "$PY" ]] || fail "no .venv: run python3 installers/dev.py setup first"
else
    VENV="$ROOT/build/venv-macos"
    PY="$VENV/bin/python"
    BASE_PY="${PYTHON:-python3.11}"
    [[ -x "$PY" ]] || { say "creating the build venv $VENV with $BASE_PY"; "$BASE_PY" -m venv "$VENV"; }
    digest="$(cat pyproject.toml requirements.lock | shasum -a 256 | cut -d' ' -f1)"
    stamp="$VENV/.installed-lock-sha256"
    if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$digest" ]]; then
        say "installing requirements.lock and the project into the build venv (first time: minutes)"
        "$PY" -m pip install -q --upgrade pip
        "$PY" -m pip install -q --require-hashes -r requirements.lock
        "$PY" -m pip install -q --no-deps "$ROOT"
        echo "$digest" > "$stamp"
    fi
fi

say "compiling translations"
"$PY" installers/build_translations.py

say "running PyInstaller (installers/studio.spec)"
build_started=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$ROOT/dist" \
    --workpath "$ROOT/build/pyinstaller" installers/studio.spec
build_seconds=$(( $(date +%s) - build_started ))

say "self-testing the build in a clean environment"
installers/check-build "$ROOT/dist/$APP.app/Contents/MacOS/studio"

total_seconds=$(( $(date +%s) - started ))
size="$(du -sh "$ROOT/dist/$APP.app" | cut -f1)"
say "built $ROOT/dist/$APP.app: PyInstaller ${build_seconds} s, all steps ${total_seconds} s, ${size}"
