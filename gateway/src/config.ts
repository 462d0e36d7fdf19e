import { ConfigError, configVars, loadConfig } from '@slipway/config';
import { z } from 'zod';
import { parseRoleMap, type RoleMap } from './auth/role-map';

const flag = configVars.flag(false);

export function loadGatewayConfig(environment: Record<string, string | undefined> = process.env) {
  const vars = loadConfig(
    {
      DATABASE_URL: configVars.databaseUrl,
      TEMPORAL_ADDRESS: configVars.temporalAddress,
      TEMPORAL_NAMESPACE: configVars.temporalNamespace,
      HOST: z.string().default('127.0.0.1'),
      PORT: configVars.port(4000),
      SLIPWAY_WEB_DIR: configVars.directory.optional(),
      SLIPWAY_MODE: z.enum(['development', 'production']).default('production'),
      /** Where browsers reach this gateway; login redirects and cookies follow it. */
      SLIPWAY_PUBLIC_URL: configVars.url.optional(),
      SLIPWAY_ROLE_MAP: z.string().default('{}'),
      SESSION_TTL_HOURS: z.coerce
        .number()
        .int()
        .min(1)
        .max(24 * 30)
        .default(12),
      /** Production mode without SAML or GitHub login starts only when this says so (API tokens alone). */
      SLIPWAY_ALLOW_TOKEN_ONLY: flag,
      SAML_ENTRY_POINT: configVars.url.optional(),
      SAML_IDP_CERT: z.string().optional(),
      SAML_IDP_ISSUER: z.string().optional(),
      SAML_SP_ENTITY_ID: z.string().optional(),
      SAML_GROUPS_ATTRIBUTE: z.string().default('groups'),
      /** Seals webhook secrets; without it, repositories cannot be connected. */
      SLIPWAY_SECRET_KEY: configVars.secretKey.optional(),
      /** Where GitHub and GitLab reach the vcs service's webhooks, e.g. https://hooks.example.com. */
      SLIPWAY_WEBHOOK_URL: configVars.url.optional(),
      GITHUB_CLIENT_ID: z.string().optional(),
      GITHUB_CLIENT_SECRET: z.string().optional(),
      GITHUB_URL: configVars.url.default('https://github.com'),
      GITHUB_API_URL: configVars.url.default('https://api.github.com'),
      /** Approve / Reject from Slack: the Slack app's signing secret turns the interactivity endpoint on. */
      SLACK_SIGNING_SECRET: z.string().optional(),
      SLACK_BOT_TOKEN: z.string().optional(),
      SLACK_API_URL: configVars.url.default('https://slack.com/api/'),
      LOG_LEVEL: configVars.logLevel,
    },
    environment,
  );
  const problems: string[] = [];
  let roleMap: RoleMap = new Map();
  try {
    roleMap = parseRoleMap(vars.SLIPWAY_ROLE_MAP);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const publicUrl = new URL(vars.SLIPWAY_PUBLIC_URL ?? `http://${vars.HOST}:${vars.PORT}`).origin;
  const saml =
    vars.SAML_ENTRY_POINT || vars.SAML_IDP_CERT
      ? {
          entryPoint: required(
            problems,
            'SAML_ENTRY_POINT',
            vars.SAML_ENTRY_POINT,
            'the IdP single sign-on URL',
          ),
          idpCert: required(
            problems,
            'SAML_IDP_CERT',
            vars.SAML_IDP_CERT,
            "the IdP's signing certificate (PEM)",
          ),
          idpIssuer: vars.SAML_IDP_ISSUER ?? null,
          spEntityId: vars.SAML_SP_ENTITY_ID ?? `${publicUrl}/auth/saml/metadata`,
          groupsAttribute: vars.SAML_GROUPS_ATTRIBUTE,
        }
      : null;
  const github =
    vars.GITHUB_CLIENT_ID || vars.GITHUB_CLIENT_SECRET
      ? {
          clientId: required(problems, 'GITHUB_CLIENT_ID', vars.GITHUB_CLIENT_ID, 'the OAuth app client id'),
          clientSecret: required(
            problems,
            'GITHUB_CLIENT_SECRET',
            vars.GITHUB_CLIENT_SECRET,
            'the OAuth app client secret',
          ),
          url: new URL(vars.GITHUB_URL).origin,
          apiUrl: vars.GITHUB_API_URL.replace(/\/+$/, ''),
        }
      : null;
  // The bot token alone is the notifications service's business; the signing secret asks for buttons.
  const slack = vars.SLACK_SIGNING_SECRET
    ? {
        signingSecret: vars.SLACK_SIGNING_SECRET,
        botToken: required(
          problems,
          'SLACK_BOT_TOKEN',
          vars.SLACK_BOT_TOKEN,
          "the Slack app's bot token, to look up who clicked (scope users:read.email)",
        ),
        apiUrl: vars.SLACK_API_URL,
      }
    : null;
  if (vars.SLIPWAY_MODE === 'production' && !saml && !github && !vars.SLIPWAY_ALLOW_TOKEN_ONLY) {
    problems.push(
      'production mode needs a sign-in provider: set SAML_ENTRY_POINT and SAML_IDP_CERT, or GITHUB_CLIENT_ID ' +
        'and GITHUB_CLIENT_SECRET (or SLIPWAY_ALLOW_TOKEN_ONLY=true to run with API tokens only)',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...vars,
    publicUrl,
    /** Cookies are marked Secure when browsers reach the gateway over TLS. */
    secureCookies: publicUrl.startsWith('https:'),
    roleMap,
    saml,
    github,
    slack,
  };
}

function required(problems: string[], name: string, value: string | undefined, what: string): string {
  if (!value) problems.push(`${name} is required with the rest of its provider's settings: ${what}`);
  return value ?? '';
}

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
export type SamlConfig = NonNullable<GatewayConfig['saml']>;
export type GitHubConfig = NonNullable<GatewayConfig['github']>;
export type SlackConfig = NonNullable<GatewayConfig['slack']>;
