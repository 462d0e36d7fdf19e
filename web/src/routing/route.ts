export type Route = { name: 'home' } | { name: 'deployment'; id: string } | { name: 'notFound' };

const DEPLOYMENT_PATH = /^\/deployments\/([^/]+)\/?$/;

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'home' };
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
