/**
 * Remembers what `load` found for `ttlMs`, per key (`keyOf` the arguments), and lets concurrent callers
 * of one key share one load. Nothing found (null) and failures are not remembered: a repository connected a moment ago is
 * found on its first webhook. What changes meanwhile (a project disconnected, a secret rotated or
 * expired) is seen once the entry is `ttlMs` old.
 */
export function cachedLookup<A extends unknown[], V>(
  load: (...args: A) => Promise<V | null>,
  keyOf: (...args: A) => string,
  ttlMs: number,
  now: () => number = Date.now,
): (...args: A) => Promise<V | null> {
  const entries = new Map<string, { value: Promise<V | null>; until: number }>();
  return (...args) => {
    const key = keyOf(...args);
    const cached = entries.get(key);
    if (cached && cached.until > now()) return cached.value;
    const value = load(...args);
    entries.set(key, { value, until: now() + ttlMs });
    value.then(
      (found) => {
        if (found === null && entries.get(key)?.value === value) entries.delete(key);
      },
      () => {
        if (entries.get(key)?.value === value) entries.delete(key);
      },
    );
    return value;
  };
}
