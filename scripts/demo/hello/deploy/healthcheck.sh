#!/usr/bin/env bash
# Probes http://127.0.0.1:$PORT/healthz until it answers 200 with version == $SLIPWAY_VERSION three times
# in a row, or fails after $HEALTH_TIMEOUT seconds (default 20), printing what it saw.
set -euo pipefail

: "${PORT:?PORT is not set (a variable of the environment in .slipway.yml)}"
: "${SLIPWAY_VERSION:?SLIPWAY_VERSION is not set (the Slipway runner sets it)}"
HEALTH_TIMEOUT="${HEALTH_TIMEOUT:-20}"
URL="http://127.0.0.1:$PORT/healthz"

echo "[healthcheck.sh] probing $URL: want 3 consecutive 200s reporting version $SLIPWAY_VERSION, within ${HEALTH_TIMEOUT}s"

status=0
node -e '
  const [url, want, timeoutSeconds] = process.argv.slice(1);
  const needed = 3;
  const deadline = Date.now() + Number(timeoutSeconds) * 1000;
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  (async () => {
    let streak = 0;
    let attempts = 0;
    let last = "nothing yet";
    let printed = "";
    for (;;) {
      attempts += 1;
      let ok = false;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2000), cache: "no-store" });
        const body = await response.text();
        let version;
        try {
          version = JSON.parse(body).version;
        } catch {}
        ok = response.status === 200 && version === want;
        last = `HTTP ${response.status} ${body.slice(0, 300)}`;
      } catch (error) {
        const cause = error.cause ?? error;
        last = `no answer (${cause.code ?? error.name}: ${cause.message ?? error.message})`;
      }
      if (ok) {
        streak += 1;
        console.log(`[healthcheck.sh] ${streak}/${needed} ${last}`);
        if (streak >= needed) {
          console.log(`[healthcheck.sh] healthy: version ${want} answered ${needed} times in a row`);
          process.exit(0);
        }
      } else {
        streak = 0;
        if (last !== printed) console.log(`[healthcheck.sh] not yet: ${last}`);
      }
      printed = last;
      if (Date.now() >= deadline) break;
      await sleep(500);
    }
    console.error(`[healthcheck.sh] UNHEALTHY after ${timeoutSeconds}s and ${attempts} probes of ${url}`);
    console.error(`[healthcheck.sh] wanted: HTTP 200 with "version":"${want}"`);
    console.error(`[healthcheck.sh] last seen: ${last}`);
    process.exit(1);
  })();
' "$URL" "$SLIPWAY_VERSION" "$HEALTH_TIMEOUT" || status=$?

if ((status != 0)) && [[ -n "${SLIPWAY_TARGET_DIR:-}" && -f "$SLIPWAY_TARGET_DIR/app.log" ]]; then
  echo "[healthcheck.sh] the end of $SLIPWAY_TARGET_DIR/app.log:" >&2
  tail -n 20 "$SLIPWAY_TARGET_DIR/app.log" | sed 's/^/  | /' >&2
fi
exit "$status"
