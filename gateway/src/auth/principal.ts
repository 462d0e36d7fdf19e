import type { IncomingHttpHeaders } from 'node:http';
import { apiError } from '../common/errors';
import type { DeploymentLoaders } from '../deployments/deployment-loaders';

export const ROLES = ['admin', 'deployer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * One role, in a part of Slipway: `project` and `environment` null mean every one. A grant of
 * deployer on environment `staging` lets its holder deploy to staging in any project, and nowhere else.
 */
export interface Grant {
  role: Role;
  project: string | null;
  environment: string | null;
}

/** Who is calling: resolved once per request or websocket connection. */
export interface Principal {
  kind: 'token' | 'user';
  /** The API token's or the user's id. */
  id: string;
  name: string;
  grants: Grant[];
  /**
   * How the caller proved it: a bearer token, a session cookie (then mutations need the CSRF header), or
   * a signed Slack request from a person whose Slack email is a Slipway user's.
   */
  via: 'bearer' | 'session' | 'slack';
}

/** Who called, as authentication found it. */
export interface Caller extends RequestOrigin {
  principal: Principal | null;
  /** A cookie-authenticated HTTP request carried the session's CSRF token (always true for bearer tokens). */
  csrfVerified: boolean;
}

/** Where a request came from, as the audit log keeps it. */
export interface RequestOrigin {
  ip: string | null;
  /** The User-Agent header, cut to MAX_USER_AGENT characters; null when there is none. */
  userAgent: string | null;
}

/** Enough to tell browsers, CLIs and CI runners apart; more would only let a caller bloat the log. */
const MAX_USER_AGENT = 300;

/** The peer's address and the User-Agent header of an HTTP request (or a WebSocket's upgrade request). */
export function requestOrigin(request: {
  socket: { remoteAddress?: string };
  headers: IncomingHttpHeaders;
}): RequestOrigin {
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.socket.remoteAddress ?? null,
    userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null,
  };
}

/** The GraphQL context of one operation: the caller, and the operation's batched reads. */
export interface RequestContext extends Caller {
  loaders: DeploymentLoaders;
}

/** Where an action lands; what is left out means "somewhere". */
export interface Scope {
  project?: string;
  environment?: string;
}

/** The roles a principal holds where the scope points (admin included as itself). */
export function rolesIn(principal: Principal, scope: Scope): Role[] {
  const roles = principal.grants
    .filter(
      (grant) =>
        (grant.project === null || scope.project === undefined || grant.project === scope.project) &&
        (grant.environment === null ||
          scope.environment === undefined ||
          grant.environment === scope.environment),
    )
    .map((grant) => grant.role);
  return [...new Set(roles)];
}

/** Any one of `required` in the scope lets the principal act; admin there always does. */
export function holds(principal: Principal, required: readonly Role[], scope: Scope = {}): boolean {
  const roles = rolesIn(principal, scope);
  return required.length === 0 || roles.includes('admin') || required.some((role) => roles.includes(role));
}

/** Throws FORBIDDEN, naming the place and the roles, unless the principal may act there. */
export function authorize(principal: Principal, required: readonly Role[], scope: Scope): void {
  if (holds(principal, required, scope)) return;
  const place = [
    scope.project && `project ${scope.project}`,
    scope.environment && `environment ${scope.environment}`,
  ]
    .filter(Boolean)
    .join(', ');
  throw apiError(
    'FORBIDDEN',
    `This needs one of the roles ${required.join(', ')} in ${place || 'Slipway'}.`,
    {
      roles: [...required],
      ...scope,
    },
  );
}

/** The projects a principal may see; null means every project. */
export function visibleProjects(principal: Principal): string[] | null {
  if (principal.grants.some((grant) => grant.project === null)) return null;
  return [...new Set(principal.grants.map((grant) => grant.project as string))];
}

export function canSee(principal: Principal, project: string): boolean {
  const visible = visibleProjects(principal);
  return visible === null || visible.includes(project);
}

/** Every role in every listed project (all projects when null), in every environment: an API token's grants. */
export function grantsOf(roles: readonly Role[], projects: readonly string[] | null): Grant[] {
  return roles.flatMap((role) =>
    (projects ?? [null]).map((project) => ({ role, project, environment: null })),
  );
}
