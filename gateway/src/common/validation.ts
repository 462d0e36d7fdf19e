import type { z } from 'zod';
import { apiError } from './errors';

/** Lowercase names of projects and environments, as the pipeline spec allows them. */
export const RESOURCE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** Input checked once at the edge; the first problem is the error, naming its field. */
export function validated<Schema extends z.ZodType>(schema: Schema, value: unknown): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw apiError('BAD_USER_INPUT', issue?.message ?? 'invalid input', { field: issue?.path.join('.') });
  }
  return parsed.data;
}
