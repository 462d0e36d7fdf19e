/** A page of the console, as its address names it. */
export type Route =
  | { name: 'dashboard' }
  | { name: 'deployments' }
  | { name: 'deployment'; id: string }
  | { name: 'insights' }
  | { name: 'audit' }
  | { name: 'settings' }
  | { name: 'notFound' };

/** The pages whose address takes no parameter. */
export type FixedPage = Exclude<Route, { name: 'deployment' } | { name: 'notFound' }>['name'];

export const PAGE_PATHS: Readonly<Record<FixedPage, string>> = {
  dashboard: '/',
  deployments: '/deployments',
  insights: '/insights',
  audit: '/audit',
  settings: '/settings',
};

const FIXED_PAGES = Object.keys(PAGE_PATHS).filter(isFixedPage);

const DEPLOYMENT_PATH = /^\/deployments\/([^/]+)\/?$/;

export function parseRoute(pathname: string): Route {
  // "/deployments/" is "/deployments"; "" is "/".
  const path = pathname.replace(/(.)\/$/, '$1') || '/';
  const fixed = FIXED_PAGES.find((page) => PAGE_PATHS[page] === path);
  if (fixed) return { name: fixed };
  const id = DEPLOYMENT_PATH.exec(pathname)?.[1];
  if (id) {
    try {
      return { name: 'deployment', id: decodeURIComponent(id) };
    } catch {
      return { name: 'notFound' };
    }
  }
  return { name: 'notFound' };
}

export function deploymentPath(id: string): string {
  return `/deployments/${encodeURIComponent(id)}`;
}

function isFixedPage(name: string): name is FixedPage {
  return Object.hasOwn(PAGE_PATHS, name);
}
