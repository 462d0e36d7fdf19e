import type { SshStepSpec } from '@slipway/domain';
import { freePort, scratchDir, startSshServers, type SshServers } from '@slipway/testing';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rollbackSshStep, runSshStep, type SshOptions } from './ssh';

// The three "hosts" are sshd processes on this machine: their commands share a journal file, and a
// command knows which host it runs on from the address it was reached at.
const WHICH_HOST = 'set -- $SSH_CONNECTION; host=$3:$4';

let servers: SshServers;
let h1: string;
let h2: string;
let h3: string;
let dir: string;
let journal: string;

beforeAll(async () => {
  servers = await startSshServers(3);
  [h1, h2, h3] = servers.hosts as [string, string, string];
});
afterAll(() => servers.stop());

beforeEach(() => {
  dir = scratchDir('ssh-step');
  journal = join(dir, 'journal');
});

const journalLines = (): string[] =>
  existsSync(journal) ? readFileSync(journal, 'utf8').trim().split('\n') : [];

function sshStep(fields: Partial<SshStepSpec>): SshStepSpec {
  return {
    name: 'hosts',
    type: 'ssh',
    hosts: servers.hosts,
    user: servers.user,
    batch: 1,
    run: 'true',
    timeout: 60_000,
    ...fields,
  };
}

function options(step: SshStepSpec, env: Record<string, string> = {}) {
  const controller = new AbortController();
  let printed = '';
  let ticks = 0;
  const sshOptions: SshOptions = {
    step,
    env,
    identityFile: servers.identityFile,
    knownHostsFile: servers.knownHostsFile,
    signal: controller.signal,
    onTick: () => ticks++,
    onOutput: (text) => (printed += text),
  };
  return { sshOptions, controller, printed: () => printed, ticks: () => ticks };
}

/** A remote command that notes `what` and the host it ran on in the journal. */
const note = (what: string): string => `${WHICH_HOST}; echo "${what} $host" >> ${journal}`;

/** Whether a process is still running on this machine (a zombie has stopped). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('ssh step', () => {
  it('deploys one host at a time in the listed order, with the variables exported and every line prefixed by its host', async () => {
    const version = `v1 'quoted' $HOME "and more"`;
    const { sshOptions, printed } = options(
      sshStep({
        run: `${note('deploy')}; echo "deploying $SLIPWAY_VERSION"; echo "done on $host" >&2`,
      }),
      { SLIPWAY_VERSION: version },
    );

    const result = await runSshStep(sshOptions);

    expect(result).toMatchObject({ ok: true, cancelled: false, failedHosts: [], failure: null });
    expect(result.hosts.map((host) => [host.host, host.exitCode])).toEqual([
      [h1, 0],
      [h2, 0],
      [h3, 0],
    ]);
    expect(journalLines()).toEqual([`deploy ${h1}`, `deploy ${h2}`, `deploy ${h3}`]);
    for (const host of [h1, h2, h3]) {
      expect(printed()).toContain(`[${host}] deploying ${version}\n`);
      expect(printed()).toContain(`[${host}] done on ${host}\n`);
    }
    expect(result.output).toBe(printed());
  });

  it('stops at a failed host, leaves the next hosts untouched and rolls back the touched hosts newest first', async () => {
    const { sshOptions, printed } = options(
      sshStep({
        run: `${note('deploy')}; if [ "$host" = ${h2} ]; then echo "disk full" >&2; exit 3; fi`,
        rollback: note('rollback'),
      }),
    );

    const result = await runSshStep(sshOptions);

    expect(journalLines()).toEqual([`deploy ${h1}`, `deploy ${h2}`, `rollback ${h2}`, `rollback ${h1}`]);
    expect(result).toMatchObject({ ok: false, cancelled: false, failedHosts: [h2] });
    expect(result.failure).toBe(`${h2} exited with code 3; rolled back ${h2}, ${h1}`);
    expect(result.hosts.map((host) => host.host)).toEqual([h1, h2]);
    expect(result.rolledBack.map((host) => [host.host, host.exitCode])).toEqual([
      [h2, 0],
      [h1, 0],
    ]);
    expect(printed()).toContain(`[${h2}] disk full\n`);
    expect(printed()).toContain(`${h2} exited with code 3: rolling back ${h2}, ${h1}\n`);
  });

  it('runs the hosts of a batch together and the next batch once they all succeeded', async () => {
    // Each host of the first batch waits for the other to start: run one after the other, they fail.
    const { sshOptions } = options(
      sshStep({
        batch: 2,
        run: [
          note('start'),
          `touch ${dir}/started-$4`,
          `started() { ls ${dir} | grep -c '^started-'; }`,
          'for i in $(seq 100); do [ "$(started)" -ge 2 ] && break; sleep 0.1; done',
          '[ "$(started)" -ge 2 ] || exit 9',
          `echo "end $host" >> ${journal}`,
        ].join('\n'),
      }),
    );

    const result = await runSshStep(sshOptions);

    expect(result).toMatchObject({ ok: true, failedHosts: [] });
    const lines = journalLines();
    expect(lines.slice(0, 2).sort()).toEqual([`start ${h1}`, `start ${h2}`].sort());
    expect(lines.slice(2, 4).sort()).toEqual([`end ${h1}`, `end ${h2}`].sort());
    expect(lines.slice(4)).toEqual([`start ${h3}`, `end ${h3}`]);
  });

  it('rolls back every host, last batch first', async () => {
    const { sshOptions } = options(sshStep({ run: note('deploy'), rollback: note('rollback') }));

    const result = await rollbackSshStep(sshOptions);

    expect(result).toMatchObject({ ok: true, failedHosts: [] });
    expect(journalLines()).toEqual([`rollback ${h3}`, `rollback ${h2}`, `rollback ${h1}`]);
  });

  it('reports a host that cannot be reached by name, with ssh’s reason', async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    const { sshOptions, printed } = options(sshStep({ hosts: [h1, closed, h3], run: note('deploy') }));

    const result = await runSshStep(sshOptions);

    expect(result).toMatchObject({ ok: false, failedHosts: [closed] });
    expect(result.failure).toMatch(
      new RegExp(`^${closed} failed: ssh exited with code 255: .*Connection refused`),
    );
    expect(printed()).toContain(`[${closed}] `);
    expect(journalLines()).toEqual([`deploy ${h1}`]);
  });

  it('fails a host that takes longer than the timeout, keeping the heartbeat while it waits', async () => {
    const { sshOptions, ticks } = options(sshStep({ hosts: [h1], run: 'sleep 60', timeout: 2000 }));

    const result = await runSshStep(sshOptions);

    expect(result).toMatchObject({ ok: false, failedHosts: [h1], failure: `${h1} timed out after 2s` });
    expect(result.hosts[0]).toMatchObject({ timedOut: true });
    expect(ticks()).toBeGreaterThan(0);
  });

  it('stops the remote command when cancelled, without rolling back', async () => {
    const { sshOptions, controller, printed } = options(
      sshStep({
        hosts: [h1, h2],
        batch: 2,
        run: 'sleep 60 & echo "sleeping as $!"; wait',
        rollback: note('rollback'),
      }),
    );
    const started = Date.now();

    const running$ = runSshStep(sshOptions);
    while ((printed().match(/sleeping as/g) ?? []).length < 2) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    controller.abort();
    const result = await running$;

    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result).toMatchObject({
      ok: false,
      cancelled: true,
      failedHosts: [],
      failure: 'cancelled',
      rolledBack: [],
    });
    expect(result.hosts.map((host) => host.cancelled)).toEqual([true, true]);
    expect(journalLines()).toEqual([]);
    const sleeps = [...printed().matchAll(/sleeping as (\d+)/g)].map((match) => Number(match[1]));
    const deadline = Date.now() + 10_000;
    while (sleeps.some(running) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(sleeps.filter(running)).toEqual([]);
  });
});
