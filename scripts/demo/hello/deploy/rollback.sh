#!/usr/bin/env bash
# Undoes release.sh for the same SLIPWAY_DEPLOYMENT_ID: if `current` points at this deployment's release,
# switch back to the release it replaced and restart the app from it; with no previous release, stop the
# app and remove `current`. Idempotent: a second run finds nothing left to undo.
set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=lib.sh
source "$DEPLOY_DIR/lib.sh"

RELEASE_REL="releases/$SLIPWAY_DEPLOYMENT_ID"
RELEASE_DIR="$TARGET_DIR/$RELEASE_REL"
current="$(current_target)"

log "undoing deployment $SLIPWAY_DEPLOYMENT_ID (version ${SLIPWAY_VERSION:-?}) in ${SLIPWAY_ENVIRONMENT:-?}; current is ${current:-(none)}"

if [[ ! -d "$RELEASE_DIR" ]]; then
  log "$RELEASE_REL does not exist: this deployment never released, nothing to undo"
  exit 0
fi
previous="$(cat "$RELEASE_DIR/.previous" 2>/dev/null || true)"

if [[ "$current" == "$RELEASE_REL" ]]; then
  if [[ -n "$previous" && -f "$TARGET_DIR/$previous/server.js" ]]; then
    log "switching current back: $RELEASE_REL -> $previous"
    switch_current "$previous"
    stop_app
    start_app
    log "restored $previous"
  else
    if [[ -n "$previous" ]]; then
      log "the previous release $previous is gone: it cannot be restored"
    fi
    log "no previous release: stopping the app and removing current"
    stop_app
    rm -f "$CURRENT_LINK"
    log "no release is current in ${SLIPWAY_ENVIRONMENT:-this environment} any more"
  fi
else
  log "current does not point at $RELEASE_REL: already undone (or superseded), nothing to switch"
  # Finish a rollback that was interrupted after the switch: the restored release must run.
  if [[ -n "$previous" && "$current" == "$previous" ]] && ! app_running; then
    log "the restored release $previous is not running: starting it"
    start_app
  fi
fi
