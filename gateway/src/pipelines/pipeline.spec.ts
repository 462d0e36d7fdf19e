import type { Commit } from '@slipway/temporal';
import { pipelineOf } from './pipeline';

const COMMIT: Commit = {
  sha: 'a'.repeat(40),
  message: 'Ship it',
  author: 'Ada <ada@example.com>',
  committedAt: '2026-11-27T10:00:00Z',
};

const SPEC = `version: 1
environments:
  - name: development
    auto: { branches: [main], tags: ['v*'] }
    url: https://dev.example.com
    steps:
      - name: release
        type: release
        start: ./start.sh
      - name: migrate
        run: ./migrate.sh
  - name: staging
    after: development
    ci: { required: true }
    steps:
      - { name: probe, type: health, url: 'http://127.0.0.1:4102/healthz' }
  - name: production
    approval: { roles: [admin, deployer], approvers: 2, timeout: 2h }
    ci: { required: true, timeout: 30m, checks: [test, lint] }
    freeze:
      - { name: weekend, cron: '0 18 * * FRI', duration: 62h }
    steps:
      - { name: soak, type: wait, duration: 10m }
`;

describe('pipelineOf', () => {
  it('lists the environments in declared order with their gates, steps and defaults filled in', () => {
    const pipeline = pipelineOf('main', { commit: COMMIT, path: '.slipway.yml', text: SPEC });
    expect(pipeline).toMatchObject({
      ref: 'main',
      commitSha: COMMIT.sha,
      commitMessage: 'Ship it',
      path: '.slipway.yml',
      text: SPEC,
      valid: true,
      problems: [],
    });
    expect(pipeline.environments).toEqual([
      {
        name: 'development',
        auto: { branches: ['main'], tags: ['v*'] },
        after: null,
        approval: null,
        ci: null,
        freeze: [],
        steps: [
          { name: 'release', type: 'release' },
          { name: 'migrate', type: 'shell' },
        ],
        url: 'https://dev.example.com',
      },
      {
        name: 'staging',
        auto: null,
        after: 'development',
        approval: null,
        ci: { required: true, timeoutMs: 3_600_000, checks: null },
        freeze: [],
        steps: [{ name: 'probe', type: 'health' }],
        url: null,
      },
      {
        name: 'production',
        auto: null,
        after: null,
        approval: {
          roles: ['admin', 'deployer'],
          approvers: 2,
          allowSelfApproval: false,
          timeoutMs: 7_200_000,
        },
        ci: { required: true, timeoutMs: 1_800_000, checks: ['test', 'lint'] },
        freeze: [{ name: 'weekend', cron: '0 18 * * FRI', durationMs: 223_200_000 }],
        steps: [{ name: 'soak', type: 'wait' }],
        url: null,
      },
    ]);
  });

  it('gives an invalid spec with its text and each problem at its line and column, and no environments', () => {
    const broken = SPEC.replace('approvers: 2', 'approvers: many').replace('type: wait', 'type: sleep');
    const pipeline = pipelineOf('fix', { commit: COMMIT, path: 'deploy/pipeline.yml', text: broken });
    expect(pipeline).toMatchObject({
      valid: false,
      text: broken,
      path: 'deploy/pipeline.yml',
      environments: [],
    });
    expect(pipeline.problems).toEqual([
      { line: 18, column: 54, path: 'environments.2.approval.approvers', message: 'expected number' },
      {
        line: 23,
        column: 29,
        path: 'environments.2.steps.0.type',
        message: expect.stringContaining(
          "'shell' | 'release' | 'ssh' | 'http' | 'health' | 'wait'",
        ) as unknown,
      },
    ]);
  });

  it('points YAML that does not parse at its line', () => {
    const text = 'version: 1\nenvironments: []\nversion: 1\n';
    const pipeline = pipelineOf('main', { commit: COMMIT, path: '.slipway.yml', text });
    expect(pipeline.valid).toBe(false);
    expect(pipeline.problems).toEqual([
      {
        line: 3,
        column: 1,
        path: '',
        message: expect.stringMatching(/^not valid YAML: .*unique/) as unknown,
      },
    ]);
  });

  it('says a commit without the file is not valid, with no text and no problem to point at', () => {
    expect(
      pipelineOf('HEAD', { commit: { ...COMMIT, message: '' }, path: '.slipway.yml', text: null }),
    ).toEqual({
      ref: 'HEAD',
      commitSha: COMMIT.sha,
      commitMessage: null,
      path: '.slipway.yml',
      text: null,
      valid: false,
      problems: [],
      environments: [],
    });
  });
});
