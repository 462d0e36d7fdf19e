import { ConfigError, configVars } from '@slipway/config';
import { z } from 'zod';
import type { GitHubClientOptions } from './github-client';
import type { GitLabClientOptions } from './gitlab-client';

const numericId = (what: string) => z.string().regex(/^\d+$/, `expected ${what} (a number)`);

/**
 * The variables every service that talks to GitHub or GitLab reads, to spread into its loadConfig shape.
 * Nothing is set by default: a provider without credentials is not talked to.
 */
export const hostVars = {
  /** A personal access token, or an installation token made elsewhere. */
  GITHUB_TOKEN: z.string().optional(),
  GITHUB_APP_ID: numericId("the GitHub App's id").optional(),
  /** The App's PEM key; `\n` escapes (one-line env files) are read as line breaks. */
  GITHUB_APP_PRIVATE_KEY: z
    .string()
    .transform((value) => value.replace(/\\n/g, '\n'))
    .refine((value) => /-----BEGIN (RSA )?PRIVATE KEY-----/.test(value), {
      message: "expected the GitHub App's PEM private key (-----BEGIN RSA PRIVATE KEY----- …)",
    })
    .optional(),
  GITHUB_APP_INSTALLATION_ID: numericId("the GitHub App installation's id").optional(),
  GITHUB_API_URL: configVars.url.default('https://api.github.com'),
  /** A personal, project or group access token with the `api` scope. */
  GITLAB_TOKEN: z.string().optional(),
  GITLAB_API_URL: configVars.url
    .refine((value) => /\/api\/v4\/*$/.test(value), {
      message: 'expected GitLab REST root ending in /api/v4, such as https://gitlab.com/api/v4',
    })
    .default('https://gitlab.com/api/v4'),
};

export type HostVars = z.output<z.ZodObject<typeof hostVars>>;

/** Which providers this process may talk to, and how: null where no credentials were given. */
export interface HostConnections {
  github: GitHubClientOptions | null;
  gitlab: GitLabClientOptions | null;
}

const APP_VARS = ['GITHUB_APP_ID', 'GITHUB_APP_PRIVATE_KEY', 'GITHUB_APP_INSTALLATION_ID'] as const;

/** Reads the provider credentials out of loaded config; half a GitHub App, or an App and a token, is refused. */
export function hostConnectionsOf(vars: HostVars): HostConnections {
  const appSet = APP_VARS.filter((name) => vars[name] !== undefined);
  if (appSet.length > 0 && appSet.length < APP_VARS.length) {
    throw new ConfigError(
      APP_VARS.filter((name) => vars[name] === undefined).map(
        (name) => `${name} is required: a GitHub App needs ${APP_VARS.join(', ')}`,
      ),
    );
  }
  if (appSet.length > 0 && vars.GITHUB_TOKEN !== undefined) {
    throw new ConfigError([
      'GITHUB_TOKEN is invalid: set either GITHUB_TOKEN or the GITHUB_APP_* variables, not both',
    ]);
  }
  const {
    GITHUB_APP_ID: appId,
    GITHUB_APP_PRIVATE_KEY: privateKey,
    GITHUB_APP_INSTALLATION_ID: installationId,
  } = vars;
  const githubAuth =
    appId !== undefined && privateKey !== undefined && installationId !== undefined
      ? { appId, privateKey, installationId }
      : vars.GITHUB_TOKEN !== undefined
        ? { token: vars.GITHUB_TOKEN }
        : null;
  return {
    github: githubAuth && { apiUrl: vars.GITHUB_API_URL, auth: githubAuth },
    gitlab:
      vars.GITLAB_TOKEN === undefined ? null : { apiUrl: vars.GITLAB_API_URL, token: vars.GITLAB_TOKEN },
  };
}

/** Where and as whom reports go, for a start-up log line: never a token or a key. */
export function describeHostConnections({ github, gitlab }: HostConnections): string[] {
  return [
    github === null
      ? 'GitHub: not connected (set GITHUB_TOKEN or the GITHUB_APP_* variables)'
      : 'token' in github.auth
        ? `GitHub: ${github.apiUrl} with a token`
        : `GitHub: ${github.apiUrl} as App ${github.auth.appId}, installation ${github.auth.installationId}`,
    gitlab === null ? 'GitLab: not connected (set GITLAB_TOKEN)' : `GitLab: ${gitlab.apiUrl} with a token`,
  ];
}
