#!/usr/bin/env bash
# Installs the Debian packages Qlake needs to build, test and package. Idempotent:
# packages already present are not touched, and apt is not called when nothing is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config file
  qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev qt6-charts-dev
  libqt6sql6-sqlite libqt6sql6-psql libqt6svg6 libqt6opengl6-dev libgl-dev libxkbcommon-dev
  zlib1g-dev libedit-dev libsqlite3-dev rapidjson-dev
  clang-14 libclang-rt-14-dev
  curl openssl python3 xvfb xauth wrk sqlite3
  postgresql postgresql-common
  mosquitto mosquitto-clients libmosquitto-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

echo "Installing missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
