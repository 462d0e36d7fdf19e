import { releaseWorkflowId, type ProjectRef, type ReleaseInput } from '@slipway/temporal';
import type { Logger } from '@slipway/service';
import type { IncomingHttpHeaders } from 'node:http';
import { queuedOutcome, type Delivery, type DeliveryResult, type QueuedRelease } from './webhook-deliveries';
import { MalformedWebhookError, type WebhookIntent } from './webhook-intent';
import { PROVIDERS, single, type Provider } from './webhook-providers';

export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** What the receiver needs from the world; the service passes PostgreSQL and the dispatcher, tests fakes. */
export interface WebhookReceiverDependencies {
  projectOf(provider: Provider, repository: string): Promise<ProjectRef | null>;
  /** The secrets valid now, newest first (a rotated-out one stays valid for its grace). */
  secretsOf(project: string): Promise<string[]>;
  /** Records the delivery, with the release it queues (both or neither), unless it was recorded before. */
  accept(delivery: Delivery, outcome: string, release?: QueuedRelease): Promise<DeliveryResult>;
  /** A release was queued: the dispatcher starts it right away instead of at its next poll. */
  releaseQueued(): void;
  /** The CI of a commit changed: deployments waiting for it are told, after the answer is sent. */
  ciChanged(project: string, sha: string): void;
  logger: Logger;
}

/** A webhook turned down before anything is stored or started. */
class Rejection extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'Rejection';
  }
}

/**
 * One webhook, checked in order (body, repository, signature, delivery id), then recorded once and
 * acted on: a release queued for a push or a merge (the dispatcher starts it from the outbox right
 * after the answer, so Temporal is never waited for here), anything else acknowledged. Never logs the
 * body or a secret.
 */
export class WebhookReceiver {
  constructor(private readonly dependencies: WebhookReceiverDependencies) {}

  async receive(provider: Provider, headers: IncomingHttpHeaders, rawBody: Buffer): Promise<WebhookAnswer> {
    const context: Record<string, string | undefined> = {
      provider,
      delivery: single(headers[PROVIDERS[provider].deliveryHeader]),
      event: single(headers[PROVIDERS[provider].eventHeader]),
    };
    try {
      return await this.process(provider, headers, rawBody, context);
    } catch (error) {
      if (error instanceof Rejection) {
        this.dependencies.logger.warn(
          { ...context, status: error.status, reason: error.reason },
          'webhook rejected',
        );
        return { status: error.status, body: { error: error.reason } };
      }
      this.dependencies.logger.error(
        { ...context, err: error },
        'webhook could not be processed; nothing was recorded, a redelivery will be',
      );
      return {
        status: 503,
        body: { error: 'could not record the webhook now; redeliver it later' },
      };
    }
  }

  private async process(
    provider: Provider,
    headers: IncomingHttpHeaders,
    rawBody: Buffer,
    context: Record<string, string | undefined>,
  ): Promise<WebhookAnswer> {
    const rules = PROVIDERS[provider];
    const payload = parseObject(rawBody);
    if (!payload) {
      throw new Rejection(
        400,
        'the body is not a JSON object (set the webhook content type to application/json)',
      );
    }
    const repository = rules.repositoryOf(payload);
    if (!repository) throw new Rejection(400, `the body names no repository (${rules.repositoryField})`);
    context.repository = repository;
    const project = await this.dependencies.projectOf(provider, repository);
    if (!project) throw new Rejection(404, `no project is connected to ${provider} repository ${repository}`);
    context.project = project.name;
    const secrets = await this.dependencies.secretsOf(project.name);
    if (!rules.isAuthentic(rawBody, headers, secrets)) {
      throw new Rejection(401, `the signature does not match a webhook secret of project ${project.name}`);
    }
    const deliveryId = context.delivery;
    if (!deliveryId) throw new Rejection(400, `the ${rules.deliveryHeader} header is missing`);
    const event = context.event;
    if (!event) throw new Rejection(400, `the ${rules.eventHeader} header is missing`);
    let intent: WebhookIntent;
    try {
      intent = rules.intent(event, payload);
    } catch (error) {
      if (error instanceof MalformedWebhookError) throw new Rejection(400, error.message);
      throw error;
    }
    const delivery: Delivery = { provider, deliveryId, project: project.name, event };
    const answer = await this.act(delivery, project, intent);
    this.dependencies.logger.info({ ...context, status: answer.status, ...answer.body }, 'webhook accepted');
    return answer;
  }

  private async act(delivery: Delivery, project: ProjectRef, intent: WebhookIntent): Promise<WebhookAnswer> {
    const accept = (outcome: string, release?: QueuedRelease) =>
      this.dependencies.accept(delivery, outcome, release);
    switch (intent.kind) {
      case 'ping': {
        const result = await accept('ping');
        return result.duplicate ? duplicate() : { status: 200, body: { pong: true, project: project.name } };
      }
      case 'ignored': {
        const result = await accept(`ignored: ${intent.reason}`);
        return result.duplicate ? duplicate() : { status: 202, body: { ignored: intent.reason } };
      }
      case 'release': {
        const workflowId = releaseWorkflowId(project.name, intent.sha);
        const input = releaseInputOf(project, intent);
        const result = await accept(queuedOutcome(workflowId), { workflowId, input });
        if (result.duplicate) return duplicate();
        this.dependencies.releaseQueued();
        return { status: 202, body: { release: workflowId } };
      }
      case 'ci': {
        const result = await accept(`ci: ${intent.sha} ${intent.change}`);
        if (result.duplicate) return duplicate();
        this.dependencies.ciChanged(project.name, intent.sha);
        return { status: 202, body: { ci: intent.change } };
      }
    }
  }
}

/** The release a push or a merge starts: exactly that commit, through the environments whose `auto` matches. */
export function releaseInputOf(
  project: ProjectRef,
  intent: Extract<WebhookIntent, { kind: 'release' }>,
): ReleaseInput {
  return {
    // The connected repository goes along: each deployment of the release is reported back to it.
    project,
    ref: intent.ref,
    actor: intent.actor,
    trigger: { type: 'push', ref: intent.ref },
    ...(intent.commit ? { commit: intent.commit } : {}),
    promote: true,
  };
}

function duplicate(): WebhookAnswer {
  return { status: 200, body: { duplicate: true } };
}

function parseObject(rawBody: Buffer): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(rawBody.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
