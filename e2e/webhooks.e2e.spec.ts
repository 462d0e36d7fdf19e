import definitions from '@octokit/webhooks-examples';
import { createWebhookSecret, ProjectEntity, SecretBox, WebhookDeliveryEntity } from '@slipway/db';
import { releaseWorkflowId, type ReleaseInput } from '@slipway/temporal';
import {
  createTestDatabase,
  freePort,
  gitHubHeaders,
  gitLabHeaders,
  postWebhook,
  REPO_ROOT,
  scratchDir,
  sendGitHubWebhook,
  sendGitLabWebhook,
  startService,
  testTemporalAddress,
  type ServiceProcess,
  type TestDatabase,
} from '@slipway/testing';
import { Client, Connection, defaultPayloadConverter, WorkflowNotFoundError } from '@temporalio/client';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

type Payload = Record<string, unknown>;

/** A copy of one of GitHub's real example bodies (npm @octokit/webhooks-examples). */
function gitHubExample(event: string, matches: (payload: Payload) => boolean): Payload {
  const definition = definitions.find((candidate) => candidate.name === event);
  const example = definition?.examples
    .map((body) => structuredClone(body) as unknown as Payload)
    .find(matches);
  if (!example) throw new Error(`no ${event} example matches`);
  return example;
}

/** GitLab's documented bodies, kept with the vcs service's tests. */
function gitLabExample(name: 'push-hook' | 'tag-push-hook' | 'merge-request-hook'): Payload {
  const path = join(REPO_ROOT, 'services', 'vcs', 'test', 'fixtures', 'gitlab', `${name}.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as Payload;
}

const newSha = (): string => randomBytes(20).toString('hex');

/** GitHub's branch push example, for `sha` as the pushed commit. */
function gitHubPush(sha: string, ref = 'refs/heads/master'): Payload {
  const push = gitHubExample('push', (p) => p['ref'] === 'refs/heads/master' && p['deleted'] === false);
  const head = push['head_commit'] as Payload;
  head['id'] = sha;
  (push['commits'] as Payload[])[0]!['id'] = sha;
  return Object.assign(push, { ref, after: sha });
}

/** The vcs service as a process on PostgreSQL and the Temporal dev server; no runner picks releases up. */
describe('webhooks from GitHub and GitLab', () => {
  const suffix = randomBytes(3).toString('hex');
  const projects = {
    hello: `hello-${suffix}`,
    rotation: `rotation-${suffix}`,
    diaspora: `diaspora-${suffix}`,
    example: `example-${suffix}`,
    gitlabTest: `gitlab-test-${suffix}`,
  };
  const secrets: Record<keyof typeof projects, string> = {
    hello: '',
    rotation: '',
    diaspora: '',
    example: '',
    gitlabTest: '',
  };
  const started = new Set<string>();
  let database: TestDatabase;
  let box: SecretBox;
  let vcs: ServiceProcess;
  let client: Client;
  let github: string;
  let gitlab: string;
  let port: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    const key = SecretBox.generateKey();
    box = new SecretBox(key);
    const connected: Array<[keyof typeof projects, 'github' | 'gitlab', string]> = [
      ['hello', 'github', 'Codertocat/Hello-World'],
      ['rotation', 'github', 'Codertocat/Rotation'],
      ['diaspora', 'gitlab', 'mike/diaspora'],
      ['example', 'gitlab', 'jsmith/example'],
      ['gitlabTest', 'gitlab', 'gitlabhq/gitlab-test'],
    ];
    for (const [project, provider, repository] of connected) {
      await database.dataSource.getRepository(ProjectEntity).save({
        name: projects[project],
        repositoryUrl: `/srv/git/${project}.git`,
        vcsProvider: provider,
        // Stored as the person typed it: webhooks match it in any case.
        vcsRepository: repository.toLowerCase(),
      });
      secrets[project] = await createWebhookSecret(database.dataSource, box, projects[project]);
    }
    port = await freePort();
    vcs = await startService('vcs', {
      TEMPORAL_ADDRESS: testTemporalAddress(),
      DATABASE_URL: database.url,
      SLIPWAY_HOME: scratchDir('webhooks-home'),
      SLIPWAY_SECRET_KEY: key,
      WEBHOOK_PORT: String(port),
    });
    github = `http://127.0.0.1:${port}/webhooks/github`;
    gitlab = `http://127.0.0.1:${port}/webhooks/gitlab`;
    client = new Client({ connection: await Connection.connect({ address: testTemporalAddress() }) });
  });

  afterAll(async () => {
    // No runner here: the releases would wait on the deploy queue for the next test file's runner.
    await Promise.all(
      [...started].map((id) =>
        client.workflow
          .getHandle(id)
          .terminate('webhooks test over')
          .catch(() => undefined),
      ),
    );
    await client.connection.close();
    await vcs.stop();
    await database.close();
  });

  const deliveries = () =>
    database.dataSource.getRepository(WebhookDeliveryEntity).find({ order: { receivedAt: 'ASC' } });
  const deliveryCount = () => database.dataSource.getRepository(WebhookDeliveryEntity).count();

  /** Waits for `read` to find something, up to a deadline: releases start from the outbox after the 202. */
  async function eventually<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = await read();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`${what}: not there after 15 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The delivery's outcome once its release has left the outbox (no longer `queued …`). */
  const settledOutcome = (delivery: string) =>
    eventually(`the outcome of delivery ${delivery}`, async () => {
      const outcome = (await deliveries()).find((row) => row.deliveryId === delivery)?.outcome;
      return outcome && !outcome.startsWith('queued ') ? outcome : undefined;
    });

  /** The release workflow's run and the input it was started with, read back from Temporal. */
  async function release(
    id: string,
  ): Promise<{ runId: string; type: string; taskQueue: string; input: ReleaseInput }> {
    started.add(id);
    const handle = client.workflow.getHandle(id);
    const description = await eventually(`release workflow ${id}`, () =>
      handle.describe().catch((error: unknown) => {
        if (error instanceof WorkflowNotFoundError) return undefined;
        throw error;
      }),
    );
    const history = await handle.fetchHistory();
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    if (!payload) throw new Error(`${id} has no start input`);
    return {
      runId: description.runId,
      type: description.type,
      taskQueue: description.taskQueue,
      input: defaultPayloadConverter.fromPayload<ReleaseInput>(payload),
    };
  }

  async function expectNoRelease(project: string, sha: string): Promise<void> {
    await expect(
      client.workflow.getHandle(releaseWorkflowId(project, sha)).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);
  }

  describe('GitHub', () => {
    it('a signed push starts exactly one release of the pushed commit, and its redelivery does nothing', async () => {
      const sha = newSha();
      const delivery = randomUUID();
      const id = releaseWorkflowId(projects.hello, sha);
      const payload = gitHubPush(sha);

      const answer = await sendGitHubWebhook(github, {
        event: 'push',
        payload,
        secret: secrets.hello,
        delivery,
      });

      expect(answer).toEqual({ status: 202, body: { release: id } });
      const first = await release(id);
      expect(first).toMatchObject({ type: 'releaseWorkflow', taskQueue: 'deploy' });
      expect(first.input).toEqual({
        project: {
          name: projects.hello,
          repositoryUrl: '/srv/git/hello.git',
          specPath: '.slipway.yml',
          // The connected repository, as stored: each deployment of the release is reported there.
          vcs: { provider: 'github', repository: 'codertocat/hello-world' },
        },
        ref: 'refs/heads/master',
        actor: 'Codertocat',
        trigger: { type: 'push', ref: 'refs/heads/master' },
        commit: {
          sha,
          message: 'Initial commit',
          author: 'Codertocat <21031067+Codertocat@users.noreply.github.com>',
          committedAt: '2019-05-15T15:19:25Z',
        },
        promote: true,
      });
      expect(await settledOutcome(delivery)).toBe(`started ${id}`);
      expect((await deliveries()).find((row) => row.deliveryId === delivery)).toMatchObject({
        provider: 'github',
        project: projects.hello,
        event: 'push',
      });

      const count = await deliveryCount();
      const again = await sendGitHubWebhook(github, {
        event: 'push',
        payload,
        secret: secrets.hello,
        delivery,
      });
      expect(again).toEqual({ status: 200, body: { duplicate: true } });
      expect(await deliveryCount()).toBe(count);
      expect((await release(id)).runId).toBe(first.runId);
    });

    it('a tag push starts the release of the tagged commit on the tag ref', async () => {
      const sha = newSha();
      const payload = gitHubPush(sha, 'refs/tags/v1.2.0');

      const answer = await sendGitHubWebhook(github, { event: 'push', payload, secret: secrets.hello });

      const id = releaseWorkflowId(projects.hello, sha);
      expect(answer).toEqual({ status: 202, body: { release: id } });
      expect((await release(id)).input).toMatchObject({
        ref: 'refs/tags/v1.2.0',
        trigger: { type: 'push', ref: 'refs/tags/v1.2.0' },
        commit: { sha },
      });
    });

    it('a merged pull request releases its merge commit on the base branch; the push of that commit joins it', async () => {
      // The package has no merged example: its closed one, marked merged as GitHub marks it.
      const payload = gitHubExample('pull_request', (p) => p['action'] === 'closed');
      const sha = newSha();
      const pull = payload['pull_request'] as Payload;
      Object.assign(pull, {
        merged: true,
        merged_at: pull['closed_at'],
        merged_by: payload['sender'],
        merge_commit_sha: sha,
      });
      const id = releaseWorkflowId(projects.hello, sha);

      const merged = await sendGitHubWebhook(github, {
        event: 'pull_request',
        payload,
        secret: secrets.hello,
      });

      expect(merged).toEqual({ status: 202, body: { release: id } });
      const { runId, input } = await release(id);
      expect(input).toMatchObject({
        ref: 'refs/heads/master',
        actor: 'Codertocat',
        trigger: { type: 'push', ref: 'refs/heads/master' },
        commit: { sha, message: 'Update the README with new information. (#2)' },
        promote: true,
      });

      const delivery = randomUUID();
      const push = await sendGitHubWebhook(github, {
        event: 'push',
        payload: gitHubPush(sha),
        secret: secrets.hello,
        delivery,
      });
      expect(push).toEqual({ status: 202, body: { release: id } });
      expect((await release(id)).runId).toBe(runId);
      expect(await settledOutcome(delivery)).toBe(`${id} was already started`);
    });

    it('ping is answered; other events, an unmerged pull request and a deleted tag are acknowledged and ignored', async () => {
      const ping = gitHubExample('ping', (p) => p['repository'] !== undefined);
      (ping['repository'] as Payload)['full_name'] = 'Codertocat/Hello-World';
      const cases: Array<[string, Payload, number, Record<string, unknown>]> = [
        ['ping', ping, 200, { pong: true, project: projects.hello }],
        [
          'issues',
          gitHubExample('issues', (p) => p['action'] === 'opened'),
          202,
          { ignored: 'GitHub event issues does not deploy' },
        ],
        [
          'pull_request',
          gitHubExample('pull_request', (p) => p['action'] === 'closed'),
          202,
          { ignored: 'pull request #2 was closed without merging' },
        ],
        [
          'push',
          gitHubExample('push', (p) => p['deleted'] === true),
          202,
          { ignored: 'refs/tags/simple-tag was deleted' },
        ],
      ];
      for (const [event, payload, status, body] of cases) {
        const delivery = randomUUID();
        expect(await sendGitHubWebhook(github, { event, payload, secret: secrets.hello, delivery })).toEqual({
          status,
          body,
        });
        const outcome = 'ignored' in body ? `ignored: ${String(body.ignored)}` : 'ping';
        expect((await deliveries()).find((row) => row.deliveryId === delivery)).toMatchObject({
          event,
          outcome,
        });
      }
    });
  });

  describe('GitLab', () => {
    it('a push starts the release of checkout_sha with the head commit from commits[]', async () => {
      const uuid = randomUUID();
      const payload = gitLabExample('push-hook');
      const id = releaseWorkflowId(projects.diaspora, 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7');

      const answer = await sendGitLabWebhook(gitlab, {
        event: 'Push Hook',
        payload,
        token: secrets.diaspora,
        uuid,
      });

      expect(answer).toEqual({ status: 202, body: { release: id } });
      expect((await release(id)).input).toEqual({
        project: {
          name: projects.diaspora,
          repositoryUrl: '/srv/git/diaspora.git',
          specPath: '.slipway.yml',
          vcs: { provider: 'gitlab', repository: 'mike/diaspora' },
        },
        ref: 'refs/heads/master',
        actor: 'jsmith',
        trigger: { type: 'push', ref: 'refs/heads/master' },
        commit: {
          sha: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
          message: 'fixed readme',
          author: 'GitLab dev user <gitlabdev@dv6700.(none)>',
          committedAt: '2012-01-03T23:36:29+02:00',
        },
        promote: true,
      });
      expect(
        await sendGitLabWebhook(gitlab, { event: 'Push Hook', payload, token: secrets.diaspora, uuid }),
      ).toEqual({
        status: 200,
        body: { duplicate: true },
      });
    });

    it('a tag push starts the release of the tag; the workflow reads the commit from git', async () => {
      const id = releaseWorkflowId(projects.example, '82b3d5ae55f7080f1e6022629cdb57bfae7cccc7');
      const answer = await sendGitLabWebhook(gitlab, {
        event: 'Tag Push Hook',
        payload: gitLabExample('tag-push-hook'),
        token: secrets.example,
      });
      expect(answer).toEqual({ status: 202, body: { release: id } });
      const { input } = await release(id);
      expect(input).toMatchObject({ ref: 'refs/tags/v1.0.0', actor: 'John Smith', promote: true });
      expect(input.commit).toBeUndefined();
    });

    it('a merged merge request releases its merge commit on the target branch; an opened one is ignored', async () => {
      const opened = gitLabExample('merge-request-hook');
      expect(
        await sendGitLabWebhook(gitlab, {
          event: 'Merge Request Hook',
          payload: opened,
          token: secrets.gitlabTest,
        }),
      ).toEqual({ status: 202, body: { ignored: 'merge request !1 was open, not merged' } });

      const sha = newSha();
      const merged = gitLabExample('merge-request-hook');
      Object.assign(merged['object_attributes'] as Payload, {
        action: 'merge',
        state: 'merged',
        merge_commit_sha: sha,
      });
      const id = releaseWorkflowId(projects.gitlabTest, sha);
      expect(
        await sendGitLabWebhook(gitlab, {
          event: 'Merge Request Hook',
          payload: merged,
          token: secrets.gitlabTest,
        }),
      ).toEqual({ status: 202, body: { release: id } });
      expect((await release(id)).input).toMatchObject({
        ref: 'refs/heads/master',
        actor: 'root',
        commit: { sha, message: 'MS-Viewport (!1)' },
      });
    });
  });

  it('a rotated-out secret keeps working within its grace; a retired one is refused', async () => {
    const signedWith = async (secret: string) => {
      const payload = gitHubPush(newSha());
      (payload['repository'] as Payload)['full_name'] = 'Codertocat/Rotation';
      return (await sendGitHubWebhook(github, { event: 'push', payload, secret })).status;
    };
    const first = secrets.rotation;
    const second = await createWebhookSecret(database.dataSource, box, projects.rotation);
    expect(await signedWith(first)).toBe(202);
    expect(await signedWith(second)).toBe(202);

    const third = await createWebhookSecret(database.dataSource, box, projects.rotation, 0);
    expect(await signedWith(first)).toBe(401);
    expect(await signedWith(second)).toBe(401);
    expect(await signedWith(third)).toBe(202);
  });

  describe('rejections store nothing and start nothing', () => {
    let before: number;

    beforeEach(async () => {
      before = await deliveryCount();
    });

    afterEach(async () => {
      expect(await deliveryCount()).toBe(before);
    });

    it('401 for a GitHub body signed with another secret, or not signed', async () => {
      const sha = newSha();
      const payload = gitHubPush(sha);
      expect(await sendGitHubWebhook(github, { event: 'push', payload, secret: 'whsec_guessed' })).toEqual({
        status: 401,
        body: { error: `the signature does not match a webhook secret of project ${projects.hello}` },
      });
      expect((await sendGitHubWebhook(github, { event: 'push', payload, secret: null })).status).toBe(401);
      expect(
        (await sendGitHubWebhook(github, { event: 'push', payload, secret: secrets.diaspora })).status,
      ).toBe(401);
      await expectNoRelease(projects.hello, sha);
    });

    it('401 for a GitHub body changed after it was signed', async () => {
      const sha = newSha();
      const body = JSON.stringify(gitHubPush(sha));
      const headers = gitHubHeaders('push', body, secrets.hello);
      expect(
        (await postWebhook(github, body.replace('Initial commit', 'Initial commit!'), headers)).status,
      ).toBe(401);
      await expectNoRelease(projects.hello, sha);
    });

    it('401 for a GitLab token that is wrong or missing', async () => {
      const payload = gitLabExample('push-hook');
      for (const token of ['whsec_guessed', secrets.hello, null]) {
        expect(await sendGitLabWebhook(gitlab, { event: 'Push Hook', payload, token })).toEqual({
          status: 401,
          body: { error: `the signature does not match a webhook secret of project ${projects.diaspora}` },
        });
      }
    });

    it('400 for a body that is not JSON, names no repository, lacks a delivery id, or is not the shape of its event', async () => {
      const sha = newSha();
      const notJson = 'payload=%7B%22ref%22%3A%22refs%2Fheads%2Fmaster%22%7D';
      expect(await postWebhook(github, notJson, gitHubHeaders('push', notJson, secrets.hello))).toEqual({
        status: 400,
        body: { error: 'the body is not a JSON object (set the webhook content type to application/json)' },
      });

      const anonymous = gitHubPush(sha);
      delete anonymous['repository'];
      expect(
        await sendGitHubWebhook(github, { event: 'push', payload: anonymous, secret: secrets.hello }),
      ).toEqual({
        status: 400,
        body: { error: 'the body names no repository (repository.full_name)' },
      });

      const body = JSON.stringify(gitHubPush(sha));
      const undelivered = gitHubHeaders('push', body, secrets.hello);
      delete undelivered['x-github-delivery'];
      expect(await postWebhook(github, body, undelivered)).toEqual({
        status: 400,
        body: { error: 'the x-github-delivery header is missing' },
      });

      const gitLabBody = JSON.stringify(gitLabExample('push-hook'));
      const noUuid = gitLabHeaders('Push Hook', secrets.diaspora);
      delete noUuid['x-gitlab-event-uuid'];
      expect(await postWebhook(gitlab, gitLabBody, noUuid)).toEqual({
        status: 400,
        body: { error: 'the x-gitlab-event-uuid header is missing' },
      });

      const shapeless = gitHubPush(sha);
      delete shapeless['ref'];
      expect(
        await sendGitHubWebhook(github, { event: 'push', payload: shapeless, secret: secrets.hello }),
      ).toEqual({
        status: 400,
        body: { error: 'push body: ref is missing or malformed' },
      });
      await expectNoRelease(projects.hello, sha);
    });

    it('404 for a repository no project is connected to', async () => {
      const sha = newSha();
      const payload = gitHubPush(sha);
      (payload['repository'] as Payload)['full_name'] = 'Codertocat/Unknown';
      expect(await sendGitHubWebhook(github, { event: 'push', payload, secret: secrets.hello })).toEqual({
        status: 404,
        body: { error: 'no project is connected to github repository Codertocat/Unknown' },
      });
      // The same repository name on the other provider is another repository.
      const gitLabPush = gitLabExample('push-hook');
      (gitLabPush['project'] as Payload)['path_with_namespace'] = 'Codertocat/Hello-World';
      expect(
        (await sendGitLabWebhook(gitlab, { event: 'Push Hook', payload: gitLabPush, token: secrets.hello }))
          .status,
      ).toBe(404);
      await expectNoRelease(projects.hello, sha);
    });

    it('413 for a body over 1 MiB, declared or streamed', async () => {
      const sha = newSha();
      const payload = { ...gitHubPush(sha), padding: 'x'.repeat(1024 * 1024) };
      expect(await sendGitHubWebhook(github, { event: 'push', payload, secret: secrets.hello })).toEqual({
        status: 413,
        body: { error: 'the body is over 1048576 bytes' },
      });
      // No Content-Length (chunked): the service counts the bytes and cuts the stream.
      const streamed = await new Promise<number>((resolve, reject) => {
        const outgoing = request(
          github,
          { method: 'POST', headers: gitHubHeaders('push', '', secrets.hello) },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        outgoing.on('error', reject);
        const chunk = Buffer.alloc(64 * 1024, 'x');
        const write = (left: number): void => {
          if (left === 0) return void outgoing.end();
          outgoing.write(chunk, () => write(left - 1));
        };
        write(32);
      });
      expect(streamed).toBe(413);
      await expectNoRelease(projects.hello, sha);
    });

    it('404 for another path and 405 for another method', async () => {
      expect(
        (await fetch(`http://127.0.0.1:${port}/webhooks/bitbucket`, { method: 'POST', body: '{}' })).status,
      ).toBe(404);
      expect((await fetch(github)).status).toBe(405);
    });
  });

  it('never writes a webhook secret to its log', () => {
    expect(vcs.output()).toContain('webhook rejected');
    for (const secret of Object.values(secrets)) expect(vcs.output()).not.toContain(secret);
  });
});
