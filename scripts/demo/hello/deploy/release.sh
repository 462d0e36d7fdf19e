#!/usr/bin/env bash
# Installs the checked-out commit as a new release of the app and switches to it:
# copy into releases/<deployment id>, record the previous release, switch `current` atomically,
# stop the old app, start the new one, keep the 5 newest releases.
# On failure after the switch it undoes itself with rollback.sh: a step that fails gets no compensation
# from the saga (only succeeded steps do), so it must not leave the environment half switched.
set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=lib.sh
source "$DEPLOY_DIR/lib.sh"

WORKSPACE="${SLIPWAY_WORKSPACE:-$PWD}"
RELEASE_REL="releases/$SLIPWAY_DEPLOYMENT_ID"
RELEASE_DIR="$TARGET_DIR/$RELEASE_REL"
switched=0

on_exit() {
  local status=$?
  if ((status != 0 && switched == 1)); then
    log "release failed (exit $status) after switching current: undoing it with rollback.sh"
    "$DEPLOY_DIR/rollback.sh" || log "rollback.sh failed too"
  fi
  exit "$status"
}
trap on_exit EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

log "deployment $SLIPWAY_DEPLOYMENT_ID: ${SLIPWAY_PROJECT:-?} version ${SLIPWAY_VERSION:-?} to ${SLIPWAY_ENVIRONMENT:-?}"
mkdir -p "$RELEASES_DIR"

if [[ -d "$RELEASE_DIR" ]]; then
  # A retry of this same deployment: the folder was renamed into place complete, so reuse it as it is.
  previous="$(cat "$RELEASE_DIR/.previous" 2>/dev/null || true)"
  log "$RELEASE_REL already exists (a retry of this deployment): reusing it"
else
  previous="$(current_target)"
  staging="$RELEASES_DIR/.$SLIPWAY_DEPLOYMENT_ID.staging"
  rm -rf "$staging"
  mkdir -p "$staging"
  log "copying the app from $WORKSPACE into $RELEASE_REL (without .git)"
  tar -C "$WORKSPACE" --exclude=.git -cf - . | tar -C "$staging" -xf -
  printf '%s' "$previous" >"$staging/.previous"
  {
    printf 'export SLIPWAY_VERSION=%q\n' "${SLIPWAY_VERSION:-}"
    printf 'export SLIPWAY_ENVIRONMENT=%q\n' "${SLIPWAY_ENVIRONMENT:-}"
    printf 'export SLIPWAY_DEPLOYMENT_ID=%q\n' "$SLIPWAY_DEPLOYMENT_ID"
    if [[ -n "${PORT:-}" ]]; then printf 'export PORT=%q\n' "$PORT"; fi
  } >"$staging/.release.env"
  mv "$staging" "$RELEASE_DIR"
fi
log "previous release: ${previous:-(none)}"

log "switching current -> $RELEASE_REL"
switched=1
switch_current "$RELEASE_REL"

stop_app
start_app

# Keep the newest releases; never the one that runs nor the one a rollback would restore.
count=0
while IFS= read -r name; do
  [[ -n "$name" ]] || continue
  count=$((count + 1))
  ((count > RELEASES_TO_KEEP)) || continue
  [[ "releases/$name" != "$RELEASE_REL" && "releases/$name" != "$previous" ]] || continue
  log "pruning old release releases/$name"
  rm -rf "${RELEASES_DIR:?}/$name" || log "could not remove releases/$name"
done < <(ls -1t "$RELEASES_DIR")
rm -rf "$RELEASES_DIR"/.*.staging 2>/dev/null || true

switched=0
log "released $RELEASE_REL: version ${SLIPWAY_VERSION:-?} is running"
