import {
  MAX_METRICS_BUCKETS,
  MAX_METRICS_WINDOW_DAYS,
  METRICS_BUCKETS,
  metricsBucketCount,
} from '@slipway/domain';
import { z } from 'zod';
import { RESOURCE_NAME } from '../common/validation';

const DAY_MS = 86_400_000;

const name = (field: string) =>
  z.string().regex(RESOURCE_NAME, `${field} must be a lowercase name of letters, digits and dashes`);

/** The arguments of deploymentMetrics; each problem names its field. */
export const deploymentMetricsArgsSchema = z
  .object({
    project: name('project'),
    environment: name('environment'),
    since: z.date(),
    until: z.date(),
    bucket: z.enum(METRICS_BUCKETS),
  })
  .refine((args) => args.until > args.since, { message: 'until must be after since', path: ['until'] })
  .refine((args) => args.until.getTime() - args.since.getTime() <= MAX_METRICS_WINDOW_DAYS * DAY_MS, {
    message: `until must be at most ${MAX_METRICS_WINDOW_DAYS} days after since`,
    path: ['until'],
  })
  .refine((args) => metricsBucketCount(args, args.bucket) <= MAX_METRICS_BUCKETS, {
    message: `bucket must cut the window in at most ${MAX_METRICS_BUCKETS} buckets: choose WEEK or a shorter window`,
    path: ['bucket'],
  });

export type DeploymentMetricsArgs = z.input<typeof deploymentMetricsArgsSchema>;
