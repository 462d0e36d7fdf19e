/** Argument names whose values never reach the audit log. */
const SECRET_NAME = /secret|password|token|credential|private/i;

/** A mutation's arguments as the audit log keeps them: plain JSON, secrets replaced, long text cut. */
export function auditArguments(args: Record<string, unknown>): Record<string, unknown> {
  return redact(args) as Record<string, unknown>;
}

function redact(value: unknown, name = ''): unknown {
  if (value === null || value === undefined) return null;
  if (SECRET_NAME.test(name)) return '[redacted]';
  if (Array.isArray(value)) return value.map((item) => redact(item));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redact(item, key)]));
  }
  if (typeof value === 'string' && value.length > 1000) return `${value.slice(0, 1000)}…`;
  return value;
}
