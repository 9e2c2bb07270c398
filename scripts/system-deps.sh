#!/usr/bin/env bash
# Installs the system tools Reelflow's tests use when they are missing: ffmpeg/ffprobe,
# Debian's chromium (for the browser tests), docker-compose (only its `config` validator
# is used), node (the player's JS modules are tested with node's test runner) and nginx (the
# front server's config, deploy/nginx.conf.template, runs in a real nginx in
# tests/integration/test_media_nginx.py, which starts an nginx of its own), Pango and a font
# (WeasyPrint draws the review report's PDF with them; ffmpeg draws a viewer's watermark in
# DejaVu Sans Bold) and poppler-utils (the tests read that
# PDF back with pdftotext) and espeak-ng (the transcript tests speak a known sentence into a
# clip). Needs root
# and apt-get; elsewhere it says what is missing and carries on, and the tests that need a
# missing tool are skipped with that reason (never under CI=true).
set -u
missing=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
compgen -G "/usr/lib/*/libpangoft2-1.0.so.0" >/dev/null || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} with apt-get…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Not installed (tests that need them will be skipped): ${missing[*]}" >&2
fi
exit 0
