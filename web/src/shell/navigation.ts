import type { FixedPage, Route } from '../routing/route';

export interface NavigationEntry {
  label: string;
  page: FixedPage;
}

/** The header's navigation, in the order it is shown. */
export const NAVIGATION: readonly NavigationEntry[] = [
  { label: 'Dashboard', page: 'dashboard' },
  { label: 'Deployments', page: 'deployments' },
  { label: 'Insights', page: 'insights' },
  { label: 'Audit log', page: 'audit' },
  { label: 'Settings', page: 'settings' },
];

/** The navigation entry a page belongs to, marked as current; one deployment belongs to Deployments. */
export function sectionOf(route: Route): FixedPage | null {
  if (route.name === 'deployment') return 'deployments';
  if (route.name === 'project') return 'dashboard';
  if (route.name === 'notFound') return null;
  return route.name;
}
