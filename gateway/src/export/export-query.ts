import { DEPLOYMENT_STATUSES } from '@slipway/domain';
import { z } from 'zod';
import { apiError } from '../common/errors';
import { RESOURCE_NAME } from '../common/validation';

const DAY_MS = 86_400_000;
/** What an export covers when the caller names no start. */
export const DEFAULT_EXPORT_DAYS = 30;
/** The longest time one export may cover: longer ones are asked for in parts. */
export const MAX_EXPORT_YEARS = 2;

const dateTime = (field: string) =>
  z.iso
    .datetime({ offset: true, error: `${field} must be an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z` })
    .transform((value) => new Date(value));

const name = (field: string) => {
  const message = `${field} must be a lowercase name of letters, digits and dashes`;
  return z.string({ error: message }).regex(RESOURCE_NAME, message);
};

const text = (field: string) =>
  z
    .string({ error: `${field} must be 1 to 200 characters` })
    .trim()
    .min(1, `${field} must be 1 to 200 characters`)
    .max(200, `${field} must be 1 to 200 characters`);

const STATUS_MESSAGE = `status must be one or more of ${DEPLOYMENT_STATUSES.join(', ')}, separated by commas`;

/** `status=FAILED,ROLLED_BACK`: any of these. */
const statuses = z.string({ error: STATUS_MESSAGE }).transform((value, context) => {
  const listed = value.split(',');
  if (listed.some((status) => !(DEPLOYMENT_STATUSES as readonly string[]).includes(status))) {
    context.issues.push({ code: 'custom', message: STATUS_MESSAGE, input: value });
    return z.NEVER;
  }
  return DEPLOYMENT_STATUSES.filter((status) => listed.includes(status));
});

/** A misspelt parameter is refused rather than ignored: `sinse=` must not quietly export the default range. */
function strictQuery<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown parameter ${issue.keys.join(', ')}; expected ${Object.keys(shape).join(', ')}`
        : undefined,
  });
}

const range = { since: dateTime('since').optional(), until: dateTime('until').optional() };

/** The query of GET /export/deployments.csv. */
export const deploymentExportQuery = strictQuery({
  ...range,
  project: name('project').optional(),
  environment: name('environment').optional(),
  status: statuses.optional(),
});

/** The query of GET /export/audit.csv. */
export const auditExportQuery = strictQuery({
  ...range,
  actor: text('actor').optional(),
  action: text('action').optional(),
});

export interface ExportRange {
  since: Date;
  until: Date;
}

/**
 * The time an export covers: until defaults to now, since to 30 days before until; since must come
 * first, and at most two years before (a bigger export is asked for in parts).
 */
export function exportRange(asked: { since?: Date; until?: Date }, now: Date): ExportRange {
  const until = asked.until ?? now;
  const since = asked.since ?? new Date(until.getTime() - DEFAULT_EXPORT_DAYS * DAY_MS);
  if (since >= until) {
    throw apiError('BAD_USER_INPUT', 'since must be earlier than until', { field: 'since' });
  }
  const earliest = new Date(until);
  earliest.setUTCFullYear(earliest.getUTCFullYear() - MAX_EXPORT_YEARS);
  if (since < earliest) {
    throw apiError(
      'BAD_USER_INPUT',
      `since must be at most ${MAX_EXPORT_YEARS} years before until; export a longer time in parts`,
      { field: 'since' },
    );
  }
  return { since, until };
}

/** `slipway-deployments-20260101T000000Z-20260131T000000Z.csv`: ISO 8601 basic format, no colons. */
export function exportFileName(kind: string, { since, until }: ExportRange): string {
  const basic = (moment: Date) =>
    moment
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  return `slipway-${kind}-${basic(since)}-${basic(until)}.csv`;
}
