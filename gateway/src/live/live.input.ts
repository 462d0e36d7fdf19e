import { z } from 'zod';
import { RESOURCE_NAME } from '../common/validation';

const LARGEST_EVENT_ID = 9_223_372_036_854_775_807n;

/** Event ids are PostgreSQL bigints: a larger number would fail in the database, not here. */
const isEventId = (value: string): boolean => /^\d{1,19}$/.test(value) && BigInt(value) <= LARGEST_EVENT_ID;

/** A DeploymentEvent id a client received, to resume after; absent means "from now on". */
const resumeAfter = z
  .string()
  .refine(isEventId, 'after must be the id of a DeploymentEvent you received')
  .nullish();

export const dashboardArgsSchema = z.object({ after: resumeAfter });

export const environmentChangedArgsSchema = z.object({
  project: z.string().regex(RESOURCE_NAME, 'project must be a lowercase name of letters, digits and dashes'),
  after: resumeAfter,
});
