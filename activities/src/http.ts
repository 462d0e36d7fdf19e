import type { StepSpec } from '@slipway/domain';
import type { StepResult } from '@slipway/temporal';
import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import { OUTPUT_LIMIT } from './shell';

type HttpStep = Extract<StepSpec, { type: 'http' }>;
/** One call: the step's own, or its `rollback`. */
type HttpCall = Pick<HttpStep, 'url' | 'method' | 'headers' | 'body' | 'expectStatus'>;
type HealthStep = Extract<StepSpec, { type: 'health' }>;

/** Calls the URL once; an unexpected status or no answer fails the attempt. */
export async function callUrl(
  step: HttpCall,
  { timeout, retries }: Pick<HttpStep, 'timeout' | 'retries'>,
): Promise<StepResult> {
  const context = Context.current();
  const target = `${step.method} ${step.url}`;
  let response: Response;
  try {
    response = await fetch(step.url, {
      method: step.method,
      headers: step.headers,
      ...(step.body === undefined ? {} : { body: step.body }),
      signal: AbortSignal.any([context.cancellationSignal, AbortSignal.timeout(timeout)]),
      redirect: 'manual',
    });
  } catch (error) {
    if (context.cancellationSignal.aborted) throw new CancelledFailure(`${target} was cancelled`);
    throw attemptFailure(`${target} got no answer: ${reasonOf(error)}`, retries, '');
  }
  const body = (await response.text()).slice(-OUTPUT_LIMIT);
  const output = `${target} → ${response.status}\n${body}`;
  if (!step.expectStatus.includes(response.status)) {
    throw attemptFailure(
      `${target} answered ${response.status}, expected ${step.expectStatus.join(' or ')}`,
      retries,
      output,
    );
  }
  return { output };
}

/**
 * Probes the URL until it answers well `successes` times in a row, or fails once `timeout` has
 * passed, naming the last answer; a failed verification is what triggers the rollback. Each probe
 * waits its interval for an answer, but never less than 2 s (a busy machine answering a short
 * interval late is not unhealthy) nor more than 5 s.
 */
export async function probeHealth(step: HealthStep): Promise<StepResult> {
  const context = Context.current();
  const deadline = Date.now() + step.timeout;
  const log: string[] = [];
  let streak = 0;
  for (;;) {
    context.heartbeat();
    let last: string;
    try {
      const response = await fetch(step.url, {
        signal: AbortSignal.any([
          context.cancellationSignal,
          AbortSignal.timeout(Math.min(Math.max(step.interval, 2000), 5000)),
        ]),
      });
      await response.body?.cancel();
      last = `HTTP ${response.status}`;
      streak = step.expectStatus.includes(response.status) ? streak + 1 : 0;
    } catch (error) {
      if (context.cancellationSignal.aborted) throw new CancelledFailure(`probing ${step.url} was cancelled`);
      last = reasonOf(error);
      streak = 0;
    }
    log.push(
      `${new Date().toISOString()} ${step.url}: ${last}${streak > 0 ? ` (${streak}/${step.successes})` : ''}`,
    );
    const output = log.slice(-200).join('\n');
    if (streak >= step.successes) return { output };
    if (Date.now() + step.interval > deadline) {
      throw ApplicationFailure.nonRetryable(
        `${step.url} was not healthy within ${step.timeout / 1000}s (last answer: ${last})`,
        'HealthCheckFailed',
        { output },
      );
    }
    await pause(step.interval);
  }
}

/** Sleeps, heartbeating every second so a long interval is not taken for a dead runner. */
async function pause(ms: number): Promise<void> {
  const context = Context.current();
  for (let left = ms; left > 0; left -= 1000) {
    context.heartbeat();
    await context.sleep(Math.min(left, 1000));
  }
}

function attemptFailure(message: string, retries: number, output: string): ApplicationFailure {
  const details = { output };
  return Context.current().info.attempt <= retries
    ? ApplicationFailure.retryable(message, 'StepFailed', details)
    : ApplicationFailure.nonRetryable(message, 'StepFailed', details);
}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
