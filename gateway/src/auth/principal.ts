export const ROLES = ['admin', 'deployer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: resolved once per request or websocket connection. */
export interface Principal {
  tokenId: string;
  name: string;
  roles: Role[];
}

export interface RequestContext {
  principal: Principal | null;
  ip: string | null;
}
