#!/usr/bin/env bash
# The release step's start command: (re)starts the app from the release `current` points at.
# Slipway runs it in the new release after switching to it, and in the previous one when it switches back.
# The first start of a release writes the release's own version and port beside it, so a release that is
# restored later reports itself, not the deployment that was undone.
set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=lib.sh
source "$DEPLOY_DIR/lib.sh"

: "${SLIPWAY_RELEASE_DIR:?SLIPWAY_RELEASE_DIR is not set (the release step sets it)}"
release_env="$SLIPWAY_RELEASE_DIR/.release.env"
if [[ ! -f "$release_env" ]]; then
  {
    printf 'export SLIPWAY_VERSION=%q\n' "${SLIPWAY_VERSION:-}"
    printf 'export SLIPWAY_ENVIRONMENT=%q\n' "${SLIPWAY_ENVIRONMENT:-}"
    if [[ -n "${PORT:-}" ]]; then printf 'export PORT=%q\n' "$PORT"; fi
  } >"$release_env.tmp"
  mv "$release_env.tmp" "$release_env"
fi

stop_app
start_app
