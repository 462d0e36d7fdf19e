import type { MetricsBucket } from '../gql/graphql';

/** The windows offered, in days back from now. */
export const WINDOW_DAYS = [7, 30, 90, 365] as const;

export type WindowDays = (typeof WINDOW_DAYS)[number];

const DEFAULT_DAYS: WindowDays = 30;
const DAY_MS = 86_400_000;
/** Past this, one bar a day is too thin to read (and the gateway allows at most 400 buckets). */
const LONGEST_DAILY_WINDOW = 90;

/** What the Insights page shows, as its address says: a view can be shared by its link. */
export interface InsightsView {
  /** null until chosen: the page then picks the first project and environment. */
  project: string | null;
  environment: string | null;
  days: WindowDays;
}

export interface MetricsWindow {
  since: string;
  until: string;
  bucket: MetricsBucket;
}

/** Reads `?project=&environment=&days=`; a missing or unknown value falls back to the default. */
export function parseInsightsView(search: string): InsightsView {
  const params = new URLSearchParams(search);
  const days = WINDOW_DAYS.find((offered) => String(offered) === params.get('days')) ?? DEFAULT_DAYS;
  return { project: params.get('project') || null, environment: params.get('environment') || null, days };
}

/** The query string of a view, leaving out what is not chosen. */
export function insightsSearch(view: InsightsView): string {
  const params = new URLSearchParams();
  if (view.project) params.set('project', view.project);
  if (view.environment) params.set('environment', view.environment);
  params.set('days', String(view.days));
  return `?${params.toString()}`;
}

/** The `days` before `now`, cut in days up to 90 days and in weeks beyond. */
export function metricsWindow(days: WindowDays, now: Date): MetricsWindow {
  return {
    since: new Date(now.getTime() - days * DAY_MS).toISOString(),
    until: now.toISOString(),
    bucket: days <= LONGEST_DAILY_WINDOW ? 'DAY' : 'WEEK',
  };
}
