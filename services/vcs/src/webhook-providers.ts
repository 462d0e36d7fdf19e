import type { IncomingHttpHeaders } from 'node:http';
import { gitHubIntent, gitHubRepositoryOf } from './github-events';
import { gitLabIntent, gitLabRepositoryOf } from './gitlab-events';
import type { WebhookIntent } from './webhook-intent';
import { isGitHubSignatureValid, isGitLabTokenValid } from './webhook-signature';

export type Provider = 'github' | 'gitlab';

/** How each provider names its repository, signs its body, numbers its deliveries and names events. */
export interface ProviderRules {
  /** Where the repository sits in the body, for the message when it is missing. */
  repositoryField: string;
  repositoryOf(payload: Record<string, unknown>): string | null;
  isAuthentic(rawBody: Buffer, headers: IncomingHttpHeaders, secrets: readonly string[]): boolean;
  deliveryHeader: string;
  eventHeader: string;
  intent(event: string, payload: unknown): WebhookIntent;
}

export const PROVIDERS: Record<Provider, ProviderRules> = {
  github: {
    repositoryField: 'repository.full_name',
    repositoryOf: gitHubRepositoryOf,
    isAuthentic: (rawBody, headers, secrets) =>
      isGitHubSignatureValid(rawBody, single(headers['x-hub-signature-256']), secrets),
    deliveryHeader: 'x-github-delivery',
    eventHeader: 'x-github-event',
    intent: gitHubIntent,
  },
  gitlab: {
    repositoryField: 'project.path_with_namespace',
    repositoryOf: gitLabRepositoryOf,
    isAuthentic: (_rawBody, headers, secrets) =>
      isGitLabTokenValid(single(headers['x-gitlab-token']), secrets),
    deliveryHeader: 'x-gitlab-event-uuid',
    eventHeader: 'x-gitlab-event',
    intent: gitLabIntent,
  },
};

export function single(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header;
}
