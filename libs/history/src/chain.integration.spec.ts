import { AuditEntryEntity, MIGRATIONS } from '@slipway/db';
import { createTestDatabase, type TestDatabase } from '@slipway/testing';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { verifyEventLogs, type EventLogIntegrity, type EventLogName } from './chain';

interface LogUnderTest {
  /** Appends `count` entries in one statement, as Slipway does. */
  append(manager: EntityManager, count: number): Promise<unknown>;
  /** A SET clause that changes what an entry says. */
  edit: string;
  /** The columns and values of an entry a forger makes up, its id being $1. */
  forgery: { columns: string; values: string };
}

const LOGS: Record<EventLogName, LogUnderTest> = {
  deployment_events: {
    append: (manager, count) =>
      manager.query(
        `INSERT INTO deployment_events (event_id, deployment_id, sequence, type, body, occurred_at)
         SELECT gen_random_uuid(), $1, step, 'STEP_STARTED', jsonb_build_object('type', 'STEP_STARTED', 'step', step), now()
         FROM generate_series(1, $2) AS step`,
        [randomUUID(), count],
      ),
    edit: `body = jsonb_set(body, '{step}', '99')`,
    forgery: {
      columns: 'id, event_id, deployment_id, sequence, type, body, occurred_at',
      values: `$1, gen_random_uuid(), gen_random_uuid(), 1, 'SUCCEEDED', '{"type": "SUCCEEDED"}', now()`,
    },
  },
  audit_entries: {
    append: (manager, count) =>
      manager.getRepository(AuditEntryEntity).insert(
        Array.from({ length: count }, (_, index) => ({
          at: new Date(),
          actor: 'ada',
          actorKind: 'user',
          ip: '192.0.2.7',
          userAgent: 'Mozilla/5.0',
          action: 'deploy',
          arguments: { input: { project: 'shop', ref: `v1.${index}` } },
          outcome: 'ok' as const,
          code: null,
          message: null,
        })),
      ),
    edit: `actor = 'mallory'`,
    forgery: {
      columns: 'id, at, actor, actor_kind, action, arguments, outcome',
      values: `$1, now(), 'mallory', 'user', 'deploy', '{}', 'ok'`,
    },
  },
};
const NAMES: EventLogName[] = ['deployment_events', 'audit_entries'];

describe("the event logs' hash chain", () => {
  let database: TestDatabase;

  // Every test breaks or fills the logs its own way, and the logs cannot be emptied: one database each.
  beforeEach(async () => {
    database = await createTestDatabase();
  });

  afterEach(async () => {
    await database.close();
  });

  const append = (log: EventLogName, count: number) => LOGS[log].append(database.dataSource.manager, count);

  /** Appends and rolls back: the id it took is never used, as after any failed append. */
  async function appendRolledBack(log: EventLogName): Promise<void> {
    const runner = database.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await LOGS[log].append(runner.manager, 1);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  const idsOf = async (log: EventLogName): Promise<string[]> =>
    (
      await database.dataSource.query<Array<{ id: string }>>(`SELECT id::text AS id FROM ${log} ORDER BY id`)
    ).map(({ id }) => id);

  const headHashOf = async (log: EventLogName): Promise<string | null> => {
    const [head] = await database.dataSource.query<Array<{ hash: string }>>(
      `SELECT encode(hash, 'hex') AS hash FROM ${log} ORDER BY id DESC LIMIT 1`,
    );
    return head?.hash ?? null;
  };

  const integrityOf = async (log: EventLogName): Promise<EventLogIntegrity | undefined> =>
    (await verifyEventLogs(database.dataSource)).find((result) => result.log === log);

  /** As a DBA would, bypassing the triggers: a superuser's transaction in replica mode. */
  const asDba = (sql: string, parameters: unknown[] = []) =>
    database.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL session_replication_role = replica');
      await manager.query(sql, parameters);
    });

  const changed = (id: string) =>
    `entry ${id} was changed after it was written, or forged (its hash does not match its content)`;
  const notFollowing = (id: string, previous: string) =>
    `entry ${id} does not follow entry ${previous}: an entry before it was deleted or inserted`;

  it('finds clean logs of both kinds intact, counting every entry and naming the head hash', async () => {
    await append('deployment_events', 1);
    await append('deployment_events', 3);
    await append('audit_entries', 2);
    // Written under another TimeZone than the one the check runs in: the hash must not depend on it.
    await database.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL TimeZone = 'Pacific/Chatham'`);
      await LOGS.deployment_events.append(manager, 2);
      await LOGS.audit_entries.append(manager, 1);
    });
    expect(await verifyEventLogs(database.dataSource)).toEqual([
      {
        log: 'deployment_events',
        entries: 6,
        headHash: await headHashOf('deployment_events'),
        firstBroken: null,
      },
      { log: 'audit_entries', entries: 3, headHash: await headHashOf('audit_entries'), firstBroken: null },
    ]);
    expect(await headHashOf('deployment_events')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds empty logs intact, without a head', async () => {
    expect(await verifyEventLogs(database.dataSource)).toEqual([
      { log: 'deployment_events', entries: 0, headHash: null, firstBroken: null },
      { log: 'audit_entries', entries: 0, headHash: null, firstBroken: null },
    ]);
  });

  describe.each(NAMES)('%s', (log) => {
    it('names an entry edited behind the triggers, and the next one once its own hash is redone', async () => {
      await append(log, 2);
      await append(log, 3);
      const ids = await idsOf(log);
      await asDba(`UPDATE ${log} SET ${LOGS[log].edit} WHERE id = $1`, [ids[2]]);
      expect(await integrityOf(log)).toEqual({
        log,
        entries: 5,
        headHash: await headHashOf(log),
        firstBroken: { id: ids[2], reason: changed(ids[2]!) },
      });
      await asDba(`UPDATE ${log} AS entry SET hash = ${log}_entry_hash(entry) WHERE id = $1`, [ids[2]]);
      expect((await integrityOf(log))?.firstBroken).toEqual({
        id: ids[3],
        reason: notFollowing(ids[3]!, ids[2]!),
      });
    });

    it('names the entry after a deleted one, and the new first entry once the first is deleted', async () => {
      await append(log, 5);
      const ids = await idsOf(log);
      await asDba(`DELETE FROM ${log} WHERE id = $1`, [ids[2]]);
      expect(await integrityOf(log)).toMatchObject({
        entries: 4,
        firstBroken: { id: ids[3], reason: notFollowing(ids[3]!, ids[1]!) },
      });
      await asDba(`DELETE FROM ${log} WHERE id = $1`, [ids[0]]);
      expect((await integrityOf(log))?.firstBroken).toEqual({
        id: ids[1],
        reason: `entry ${ids[1]} claims a previous entry but is the first: the entries before it were deleted`,
      });
    });

    it('names an entry forged into a gap, or the one after it when the forger recomputed its hash', async () => {
      await append(log, 2);
      await appendRolledBack(log);
      await append(log, 2);
      const ids = await idsOf(log);
      // A failed append left a gap between the second and the third entry: a plausible id for a forgery.
      const forged = String(Number(ids[1]) + 1);
      expect(ids[2]).toBe(String(Number(forged) + 1));
      const { columns, values } = LOGS[log].forgery;
      await asDba(
        `INSERT INTO ${log} (${columns}, prev_hash, hash)
         VALUES (${values}, (SELECT hash FROM ${log} WHERE id < $1 ORDER BY id DESC LIMIT 1), sha256('forged'))`,
        [forged],
      );
      expect(await integrityOf(log)).toMatchObject({
        entries: 5,
        firstBroken: { id: forged, reason: changed(forged) },
      });
      await asDba(`UPDATE ${log} AS entry SET hash = ${log}_entry_hash(entry) WHERE id = $1`, [forged]);
      expect((await integrityOf(log))?.firstBroken).toEqual({
        id: ids[2],
        reason: notFollowing(ids[2]!, forged),
      });
    });

    it.each([
      ['UPDATE', `UPDATE ${log} SET ${LOGS[log].edit}`],
      ['DELETE', `DELETE FROM ${log}`],
      ['TRUNCATE', `TRUNCATE ${log}`],
    ])('refuses %s from the application, naming the table, and keeps every entry', async (operation, sql) => {
      await append(log, 3);
      const everything = `SELECT * FROM ${log} ORDER BY id`;
      const before = await database.dataSource.query<unknown[]>(everything);
      await expect(database.dataSource.query(sql)).rejects.toThrow(
        `${log} is append-only: ${operation} is not allowed`,
      );
      expect(await database.dataSource.query<unknown[]>(everything)).toEqual(before);
      expect((await integrityOf(log))?.firstBroken).toBeNull();
    });

    it('refuses an append at REPEATABLE READ, whose snapshot could miss the last entry', async () => {
      await expect(
        database.dataSource.transaction('REPEATABLE READ', (manager) => LOGS[log].append(manager, 1)),
      ).rejects.toThrow(`${log} is appended to at READ COMMITTED only, not REPEATABLE READ`);
    });
  });

  it('keeps both chains intact while several connections append to both logs at once', async () => {
    const writers = 6;
    const transactions = 8;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let index = 0; index < transactions; index += 1) {
          await database.dataSource.transaction(async (manager) => {
            await LOGS.deployment_events.append(manager, 2);
            await LOGS.audit_entries.append(manager, 1);
            // Holds the transaction open a little, as the read-model updates after an append do.
            await manager.query('SELECT pg_sleep($1)', [Math.random() / 200]);
          });
        }
      }),
    );
    expect(await verifyEventLogs(database.dataSource)).toEqual([
      {
        log: 'deployment_events',
        entries: writers * transactions * 2,
        headHash: await headHashOf('deployment_events'),
        firstBroken: null,
      },
      {
        log: 'audit_entries',
        entries: writers * transactions,
        headHash: await headHashOf('audit_entries'),
        firstBroken: null,
      },
    ]);
  });

  it('chains, in id order, the entries written before the log was chained', async () => {
    const Chain = MIGRATIONS.find((migration) => migration.name === 'EventLogChain1764250000000')!;
    const runner = database.dataSource.createQueryRunner();
    try {
      await new Chain().down(runner);
      await runner.query(
        `INSERT INTO deployment_events (event_id, deployment_id, sequence, type, body, occurred_at)
         SELECT gen_random_uuid(), gen_random_uuid(), 1, 'QUEUED', '{"type": "QUEUED"}', now()
         FROM generate_series(1, 4)`,
      );
      await runner.query(
        `INSERT INTO audit_entries (actor, action, arguments, outcome) VALUES ('ada', 'deploy', '{}', 'ok')`,
      );
      await new Chain().up(runner);
    } finally {
      await runner.release();
    }
    expect(await verifyEventLogs(database.dataSource)).toEqual([
      {
        log: 'deployment_events',
        entries: 4,
        headHash: await headHashOf('deployment_events'),
        firstBroken: null,
      },
      { log: 'audit_entries', entries: 1, headHash: await headHashOf('audit_entries'), firstBroken: null },
    ]);
    const [first] = await database.dataSource.query<Array<{ prevHash: string | null }>>(
      `SELECT prev_hash AS "prevHash" FROM deployment_events ORDER BY id LIMIT 1`,
    );
    expect(first?.prevHash).toBeNull();
    // New entries carry on from the backfilled ones.
    await append('deployment_events', 1);
    expect((await integrityOf('deployment_events'))?.entries).toBe(5);
    expect((await integrityOf('deployment_events'))?.firstBroken).toBeNull();
  });
});
