# shellcheck shell=bash
# How the app is stopped and started (used by start.sh).
#
# Layout under $SLIPWAY_TARGET_DIR (one folder per project + environment on the runner host), kept by
# Slipway's release step:
#   releases/<deployment id>/   the artifact of one deployment, unpacked (start.sh adds .release.env)
#   current -> releases/<id>    the release that runs (a relative symlink, switched atomically)
#   app.pid, app.log            the running app's pid and its output

: "${SLIPWAY_TARGET_DIR:?SLIPWAY_TARGET_DIR is not set (the Slipway runner sets it)}"

TARGET_DIR="$(cd "$SLIPWAY_TARGET_DIR" && pwd -P)"
CURRENT_LINK="$TARGET_DIR/current"
PID_FILE="$TARGET_DIR/app.pid"
APP_LOG="$TARGET_DIR/app.log"
STOP_TIMEOUT_TENTHS=100 # 10s, in tenths of a second

log() {
  echo "[$(basename "$0")] $*"
}

# The release `current` points at (relative, e.g. releases/<id>), or nothing.
current_target() {
  readlink "$CURRENT_LINK" 2>/dev/null || true
}


# True if $1 is a live process running our server.js (a stale pid, reused by something else, is not).
is_app_pid() {
  local pid="$1"
  [[ "$pid" =~ ^[0-9]+$ ]] && ((pid > 1)) || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'server\.js' || return 1
  fi
  return 0
}

recorded_pid() {
  [[ -f "$PID_FILE" ]] && tr -dc '0-9' <"$PID_FILE" || true
}

app_running() {
  is_app_pid "$(recorded_pid)"
}

# Stops the app named by app.pid: SIGTERM, up to 10s to exit, then SIGKILL. A stale pid is ignored.
stop_app() {
  local pid waited=0
  pid="$(recorded_pid)"
  if [[ -z "$pid" ]]; then
    log "no app.pid: no app to stop"
    return 0
  fi
  if ! is_app_pid "$pid"; then
    log "app.pid names pid $pid, which is not our app any more: stale, ignored"
    rm -f "$PID_FILE"
    return 0
  fi
  log "stopping the app (pid $pid) with SIGTERM"
  kill -TERM "$pid" 2>/dev/null || true
  while is_app_pid "$pid"; do
    if ((waited >= STOP_TIMEOUT_TENTHS)); then
      log "pid $pid still running after 10s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$PID_FILE"
  log "the app (pid $pid) has stopped"
}

# In the child about to become the app: close every descriptor above stderr that the runner may have
# leaked (not close-on-exec), so the long-lived app holds no pipe of the step or of the runner.
close_inherited_fds() {
  local fd
  [[ -d /proc/self/fd ]] || return 0
  for fd in /proc/self/fd/*; do
    fd="${fd##*/}"
    if [[ "$fd" =~ ^[0-9]+$ ]] && ((fd > 2)); then
      eval "exec $fd>&-" 2>/dev/null || true
    fi
  done
}

# Starts current/server.js fully detached (own session, stdin/stdout/stderr not the step's), so that it
# outlives the step and the step's output closes when the script ends. Writes app.pid.
start_app() {
  local pid
  if [[ ! -f "$CURRENT_LINK/server.js" ]]; then
    log "$CURRENT_LINK/server.js does not exist: nothing to start"
    return 1
  fi
  (
    cd "$TARGET_DIR"
    # The release's own version, environment and port, so that a restored release reports itself.
    if [[ -f current/.release.env ]]; then
      # shellcheck source=/dev/null
      source current/.release.env
    fi
    log "starting $(current_target) (version ${SLIPWAY_VERSION:-unknown}) on port ${PORT:-unset}; output in $APP_LOG"
    if command -v setsid >/dev/null 2>&1; then
      # The background subshell is not a process-group leader, so setsid does not fork: $! becomes node.
      (
        close_inherited_fds
        exec setsid nohup node current/server.js >>"$APP_LOG" 2>&1 </dev/null
      ) &
      echo "$!" >"$PID_FILE"
    else
      # No setsid (macOS): let node start it detached in a new session and tell us its pid.
      node -e '
        const fs = require("node:fs");
        const { spawn } = require("node:child_process");
        const out = fs.openSync(process.argv[2], "a");
        const child = spawn(process.execPath, [process.argv[1]], { detached: true, stdio: ["ignore", out, out] });
        child.unref();
        console.log(child.pid);
      ' current/server.js "$APP_LOG" >"$PID_FILE"
    fi
  )
  pid="$(recorded_pid)"
  sleep 0.5
  if ! is_app_pid "$pid"; then
    log "the app exited at once; the end of $APP_LOG:"
    tail -n 20 "$APP_LOG" 2>/dev/null | sed 's/^/  | /' || true
    rm -f "$PID_FILE"
    return 1
  fi
  log "the app runs as pid $pid"
}
