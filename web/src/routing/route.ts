/** A page of the console, as its address names it. */
export type Route =
  | { name: 'dashboard' }
  | { name: 'deployments' }
  | { name: 'deployment'; id: string }
  | { name: 'project'; project: string }
  | { name: 'insights' }
  | { name: 'audit' }
  | { name: 'settings' }
  | { name: 'signIn' }
  | { name: 'accessDenied' }
  | { name: 'notFound' };

/** The pages whose address takes no parameter. */
export type FixedPage = Exclude<
  Route,
  { name: 'deployment' } | { name: 'project' } | { name: 'notFound' }
>['name'];

export const PAGE_PATHS: Readonly<Record<FixedPage, string>> = {
  dashboard: '/',
  deployments: '/deployments',
  insights: '/insights',
  audit: '/audit',
  settings: '/settings',
  signIn: '/signin',
  accessDenied: '/access-denied',
};

const FIXED_PAGES = Object.keys(PAGE_PATHS).filter(isFixedPage);

const DEPLOYMENT_PATH = /^\/deployments\/([^/]+)\/?$/;
const PROJECT_PATH = /^\/projects\/([^/]+)\/?$/;

export function parseRoute(pathname: string): Route {
  // "/deployments/" is "/deployments"; "" is "/".
  const path = pathname.replace(/(.)\/$/, '$1') || '/';
  const fixed = FIXED_PAGES.find((page) => PAGE_PATHS[page] === path);
  if (fixed) return { name: fixed };
  const project = PROJECT_PATH.exec(pathname)?.[1];
  if (project) {
    try {
      return { name: 'project', project: decodeURIComponent(project) };
    } catch {
      return { name: 'notFound' };
    }
  }
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

export function projectPath(name: string): string {
  return `/projects/${encodeURIComponent(name)}`;
}

function isFixedPage(name: string): name is FixedPage {
  return Object.hasOwn(PAGE_PATHS, name);
}
