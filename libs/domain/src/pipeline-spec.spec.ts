import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  formatSpecProblem,
  InvalidPipelineSpecError,
  parsePipelineSpec,
  parsePipelineSpecOrThrow,
  pipelineSpecJsonSchema,
} from './pipeline-spec';

const VALID = `version: 1
environments:
  - name: development
    variables:
      PORT: 4101
    steps:
      - name: verify
        run: node --check server.js
      - name: release
        run: ./deploy/release.sh
        rollback: ./deploy/rollback.sh
        timeout: 2m
        retries: 1
`;

describe('parsePipelineSpec', () => {
  it('reads environments, variables as strings, steps with their defaults and durations in ms', () => {
    const spec = parsePipelineSpecOrThrow(VALID);
    const [development] = spec.environments;
    expect(development?.variables).toEqual({ PORT: '4101' });
    expect(development?.steps).toEqual([
      { name: 'verify', type: 'shell', run: 'node --check server.js', timeout: 600_000, retries: 0 },
      {
        name: 'release',
        type: 'shell',
        run: './deploy/release.sh',
        rollback: './deploy/rollback.sh',
        timeout: 120_000,
        retries: 1,
      },
    ]);
  });

  it('names the line and column of a value of the wrong kind', () => {
    const result = parsePipelineSpec(VALID.replace('retries: 1', 'retries: many'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      {
        file: '.slipway.yml',
        line: 13,
        column: 18,
        path: 'environments.0.steps.1.retries',
        message: 'expected number',
      },
    ]);
    expect(formatSpecProblem(result.problems[0]!)).toBe(
      '.slipway.yml:13:18 (environments.0.steps.1.retries): expected number',
    );
  });

  it('points a missing key at the object that lacks it', () => {
    const result = parsePipelineSpec(VALID.replace('        run: node --check server.js\n', ''));
    expect(result.ok ? [] : result.problems).toEqual([
      expect.objectContaining({ line: 7, column: 9, path: 'environments.0.steps.0.run' }),
    ]);
  });

  it('refuses unknown keys, naming them', () => {
    const result = parsePipelineSpec(VALID.replace('    variables:', '    variabels:'));
    expect(result.ok ? [] : result.problems.map((problem) => problem.message)).toContain(
      'unknown key "variabels"',
    );
  });

  it('refuses a step declared twice in one environment', () => {
    const result = parsePipelineSpec(VALID.replace('name: release', 'name: verify'));
    expect(result.ok ? [] : result.problems).toEqual([
      expect.objectContaining({
        line: 9,
        column: 15,
        message: 'step "verify" is declared twice in development',
      }),
    ]);
  });

  it('reports broken YAML with its position instead of throwing', () => {
    const result = parsePipelineSpec('version: 1\nenvironments: [\n');
    expect(result.ok).toBe(false);
    expect(result.ok ? null : result.problems[0]?.message).toMatch(/^not valid YAML/);
  });

  it('refuses a duration it cannot read', () => {
    const result = parsePipelineSpec(VALID.replace('timeout: 2m', 'timeout: soon'));
    expect(result.ok ? [] : result.problems.map((problem) => problem.path)).toEqual([
      'environments.0.steps.1.timeout',
    ]);
  });

  const PIPELINE = `version: 1
build:
  steps:
    - name: compile
      run: make
  artifact: [dist]
environments:
  - name: development
    auto:
      branches: [main]
    steps:
      - name: release
        type: release
        start: ./restart
  - name: production
    after: development
    approval:
      approvers: 2
    freeze:
      - name: weekend
        cron: 0 18 * * FRI
        duration: 62h
    concurrency: supersede
    secrets:
      DB_PASSWORD: PROD_DB_PASSWORD
    steps:
      - name: hosts
        type: ssh
        hosts: [web-1, "web-2:2222"]
        user: deploy
        run: ./deploy.sh
`;

  it('reads the build, promotion, approval, freeze, concurrency and secrets, with their defaults', () => {
    const spec = parsePipelineSpecOrThrow(PIPELINE);
    expect(spec.build).toEqual({
      steps: [{ name: 'compile', run: 'make', timeout: 1_800_000 }],
      artifact: ['dist'],
    });
    const [development, production] = spec.environments;
    expect(development).toMatchObject({
      auto: { branches: ['main'], tags: [] },
      concurrency: 'queue',
      freeze: [],
    });
    expect(development?.steps[0]).toEqual({
      name: 'release',
      type: 'release',
      start: './restart',
      keep: 5,
      timeout: 300_000,
    });
    expect(production).toMatchObject({
      after: 'development',
      approval: { roles: ['admin'], approvers: 2, timeout: 86_400_000, allowSelfApproval: false },
      freeze: [{ name: 'weekend', cron: '0 18 * * FRI', duration: 62 * 3_600_000 }],
      concurrency: 'supersede',
      secrets: { DB_PASSWORD: 'PROD_DB_PASSWORD' },
    });
    expect(production?.steps[0]).toEqual({
      name: 'hosts',
      type: 'ssh',
      hosts: ['web-1', 'web-2:2222'],
      user: 'deploy',
      batch: 1,
      run: './deploy.sh',
      timeout: 600_000,
    });
  });

  it.each([
    [
      'after: development',
      'after: production',
      'environments.1.after',
      '"production" must be an environment declared before production',
    ],
    [
      'cron: 0 18 * * FRI',
      'cron: 0 18 * FRI',
      'environments.1.freeze.0.cron',
      'not a cron expression (minute hour day month weekday): expected 5 fields, got 4',
    ],
    [
      'hosts: [web-1, "web-2:2222"]',
      'hosts: ["web 1"]',
      'environments.1.steps.0.hosts.0',
      'expected a host name or address, optionally with :port',
    ],
    [
      'artifact: [dist]',
      'artifact: [../secrets]',
      'build.artifact.0',
      'expected a path inside the repository (relative, without ..)',
    ],
  ])('refuses %s changed to %s, naming where and why', (from, to, path, message) => {
    const result = parsePipelineSpec(PIPELINE.replace(from, to));
    expect(result.ok ? [] : result.problems).toEqual([expect.objectContaining({ path, message })]);
  });

  const CI_GATED = VALID.replace('    variables:', '    ci:\n      required: true\n    variables:');

  it('reads the CI an environment requires, with a 1h timeout and every check by default', () => {
    expect(parsePipelineSpecOrThrow(CI_GATED).environments[0]?.ci).toEqual({
      required: true,
      timeout: 3_600_000,
    });
    const named = CI_GATED.replace(
      'required: true',
      'required: true\n      timeout: 20m\n      checks: [test, lint]',
    );
    expect(parsePipelineSpecOrThrow(named).environments[0]?.ci).toEqual({
      required: true,
      timeout: 1_200_000,
      checks: ['test', 'lint'],
    });
  });

  it.each([
    ['required: true', 'required: yes please', 5, 17, 'environments.0.ci.required', 'expected boolean'],
    [
      'required: true',
      'required: true\n      timeout: soon',
      6,
      16,
      'environments.0.ci.timeout',
      'expected a duration such as 30s, 5m, 1h or 2d',
    ],
    [
      'required: true',
      'required: true\n      checks: []',
      6,
      15,
      'environments.0.ci.checks',
      'at least one check name',
    ],
    ['required: true', 'required: true\n      wait: 5m', 5, 7, 'environments.0.ci', 'unknown key "wait"'],
  ])('refuses ci %s changed to %s at its line and column', (from, to, line, column, path, message) => {
    const result = parsePipelineSpec(CI_GATED.replace(from, to));
    expect(result.ok ? [] : result.problems).toEqual([
      expect.objectContaining({ line, column, path, message }),
    ]);
  });

  it('throws an error listing every problem when asked to', () => {
    expect(() => parsePipelineSpecOrThrow('version: 2\nenvironments: []\n', 'hello/.slipway.yml')).toThrow(
      InvalidPipelineSpecError,
    );
    expect(() => parsePipelineSpecOrThrow('version: 2\nenvironments: []\n', 'hello/.slipway.yml')).toThrow(
      /hello\/\.slipway\.yml:1:10 \(version\): expected 1\n.*environments/,
    );
  });
});

describe('pipeline-spec.schema.json', () => {
  it('is the JSON Schema of the parser, as published for editors (refresh it with npm run schema)', () => {
    const published: unknown = JSON.parse(
      readFileSync(join(__dirname, '..', 'pipeline-spec.schema.json'), 'utf8'),
    );
    expect(published).toEqual(pipelineSpecJsonSchema());
  });
});
