import { parsePipelineSpecOrThrow, type StepSpec } from '@slipway/domain';
import type { StepResult } from '@slipway/temporal';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callUrl, probeHealth } from './http';

/** A loopback server whose answers the test scripts, recording what it was asked. */
function startServer(
  answer: (request: IncomingMessage, body: string) => number,
): Promise<{ url: string; server: Server; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      requests.push(
        `${request.method ?? ''} ${request.url ?? ''} ${request.headers.authorization ?? ''} ${body}`.trim(),
      );
      response.writeHead(answer(request, body), { 'content-type': 'text/plain' });
      response.end('deploy hook says hi');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, server, requests });
    }),
  );
}

function stepFrom(yaml: string): StepSpec {
  const spec = parsePipelineSpecOrThrow(
    `version: 1\nenvironments:\n  - name: production\n    steps:\n${yaml}`,
  );
  return spec.environments[0]!.steps[0]!;
}

function httpStep(yaml: string): Extract<StepSpec, { type: 'http' }> {
  const step = stepFrom(yaml);
  if (step.type !== 'http') throw new Error(`expected an http step, got ${step.type}`);
  return step;
}

function healthStep(yaml: string): Extract<StepSpec, { type: 'health' }> {
  const step = stepFrom(yaml);
  if (step.type !== 'health') throw new Error(`expected a health step, got ${step.type}`);
  return step;
}

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };
const activityEnvironment = () => new MockActivityEnvironment(undefined, { logger: quiet });

describe('http step', () => {
  let stop: () => void = () => undefined;
  afterEach(() => stop());

  it('calls the URL with the method, headers and body of the spec and keeps the answer', async () => {
    const { url, server, requests } = await startServer(() => 202);
    stop = () => server.close();
    const step = httpStep(
      `      - name: hook\n        type: http\n        url: ${url}/deploy\n        headers: { Authorization: Bearer hook-token }\n        body: '{"ref":"main"}'\n`,
    );
    const result: StepResult = await activityEnvironment().run(callUrl, step, step);
    expect(requests).toEqual(['POST /deploy Bearer hook-token {"ref":"main"}']);
    expect(result.output).toBe(`POST ${url}/deploy → 202\ndeploy hook says hi`);
  });

  it('fails with the status it got and the statuses it expected', async () => {
    const { url, server } = await startServer(() => 500);
    stop = () => server.close();
    const step = httpStep(
      `      - name: hook\n        type: http\n        url: ${url}/deploy\n        expectStatus: [200]\n`,
    );
    await expect(activityEnvironment().run(callUrl, step, step)).rejects.toMatchObject({
      message: `POST ${url}/deploy answered 500, expected 200`,
      nonRetryable: true,
    });
  });

  it('fails, naming why, when nothing answers', async () => {
    const { url, server } = await startServer(() => 200);
    server.close();
    const step = httpStep(`      - name: hook\n        type: http\n        url: ${url}/deploy\n`);
    await expect(activityEnvironment().run(callUrl, step, step)).rejects.toMatchObject({
      message: `POST ${url}/deploy got no answer: ECONNREFUSED`,
    });
  });
});

describe('health step', () => {
  let stop: () => void = () => undefined;
  afterEach(() => stop());

  it('succeeds after the required number of good answers in a row, not before', async () => {
    const statuses = [503, 200, 503, 200, 200, 200, 200];
    const { url, server, requests } = await startServer(
      () => statuses[Math.min(requests.length - 1, statuses.length - 1)]!,
    );
    stop = () => server.close();
    const step = healthStep(
      `      - name: verify\n        type: health\n        url: ${url}/healthz\n        interval: 20ms\n        successes: 3\n`,
    );
    const result: StepResult = await activityEnvironment().run(probeHealth, step);
    expect(requests).toHaveLength(6);
    expect(result.output.split('\n').at(-1)).toMatch(/healthz: HTTP 200 \(3\/3\)$/);
  });

  it('fails within its timeout with the last answer, which is what triggers the rollback', async () => {
    const { url, server } = await startServer(() => 503);
    stop = () => server.close();
    const step = healthStep(
      `      - name: verify\n        type: health\n        url: ${url}/healthz\n        interval: 50ms\n        timeout: 300ms\n`,
    );
    await expect(activityEnvironment().run(probeHealth, step)).rejects.toMatchObject({
      message: `${url}/healthz was not healthy within 0.3s (last answer: HTTP 503)`,
      nonRetryable: true,
    });
  });

  it('stops probing when the deployment is cancelled', async () => {
    const { url, server, requests } = await startServer(() => 503);
    stop = () => server.close();
    const step = healthStep(
      `      - name: verify\n        type: health\n        url: ${url}/healthz\n        interval: 20ms\n        timeout: 60s\n`,
    );
    const environment = activityEnvironment();
    const probing = environment.run(probeHealth, step);
    while (requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    environment.cancel();
    await expect(probing).rejects.toMatchObject({ name: 'CancelledFailure' });
  });
});
