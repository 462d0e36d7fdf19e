import { RESOURCE_NAME } from '../common/validation';
import { isRole, ROLES, type Grant } from './principal';

/** Identity-provider group → the grants its members get. */
export type RoleMap = ReadonlyMap<string, Grant[]>;

const GRANT =
  /^(?<role>[a-z]+)(?:@(?:(?<project>[a-z0-9*][a-z0-9-]*)\/)?(?<environment>[a-z0-9*][a-z0-9-]*))?$/;

/**
 * Reads `SLIPWAY_ROLE_MAP`: a JSON object from group name to grants, each grant written `role`,
 * `role@environment` or `role@project/environment` (`*` for any), e.g.
 * `{"platform": ["admin"], "developers": ["deployer@development", "deployer@staging", "viewer"]}`.
 * Throws with every problem named.
 */
export function parseRoleMap(text: string): RoleMap {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`SLIPWAY_ROLE_MAP is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error('SLIPWAY_ROLE_MAP must be a JSON object from group name to a list of grants');
  }
  const problems: string[] = [];
  const map = new Map<string, Grant[]>();
  for (const [group, grants] of Object.entries(raw)) {
    if (!Array.isArray(grants) || grants.some((grant) => typeof grant !== 'string')) {
      problems.push(`group "${group}": expected a list of grants such as ["deployer@staging"]`);
      continue;
    }
    map.set(
      group,
      (grants as string[]).flatMap((text) => {
        const grant = parseGrant(text);
        if (typeof grant === 'string') problems.push(`group "${group}": ${grant}`);
        return typeof grant === 'string' ? [] : [grant];
      }),
    );
  }
  if (problems.length > 0) throw new Error(`SLIPWAY_ROLE_MAP is invalid:\n  - ${problems.join('\n  - ')}`);
  return map;
}

/** A grant, or what is wrong with its text. */
function parseGrant(text: string): Grant | string {
  const match = GRANT.exec(text.trim());
  if (!match?.groups) return `"${text}" is not role, role@environment or role@project/environment`;
  const { role, project, environment } = match.groups;
  if (!role || !isRole(role)) return `"${text}": the role must be one of ${ROLES.join(', ')}`;
  const scoped = (name: string | undefined): string | null | false =>
    name === undefined || name === '*' ? null : RESOURCE_NAME.test(name) ? name : false;
  const projectName = scoped(project);
  const environmentName = scoped(environment);
  if (projectName === false || environmentName === false)
    return `"${text}": names are lowercase letters, digits and dashes`;
  return { role, project: projectName, environment: environmentName };
}

/** Every grant the groups give, once each. */
export function grantsForGroups(map: RoleMap, groups: readonly string[]): Grant[] {
  const seen = new Map<string, Grant>();
  for (const group of groups) {
    for (const grant of map.get(group) ?? []) {
      seen.set(`${grant.role}@${grant.project ?? '*'}/${grant.environment ?? '*'}`, grant);
    }
  }
  return [...seen.values()];
}
