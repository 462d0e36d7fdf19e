import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One of the two logs Slipway only ever appends to, and what its hash covers. */
interface ChainedLog {
  table: 'deployment_events' | 'audit_entries';
  /** The transaction advisory lock every append takes first (deployment_events keeps its old key). */
  lock: string;
  /** Every column but `prev_hash` and `hash`, in table order, as SQL reading them from `entry`. */
  fields: string[];
}

/** A timestamp as seconds since the epoch, to the microsecond: the same text whatever the session TimeZone. */
const epoch = (column: string): string => `extract(epoch FROM entry.${column})::text`;
const plain = (column: string): string => `entry.${column}`;

const LOGS: ChainedLog[] = [
  {
    table: 'deployment_events',
    lock: '7126531001',
    fields: [
      plain('id'),
      plain('event_id'),
      plain('deployment_id'),
      plain('sequence'),
      plain('type'),
      plain('body'),
      epoch('occurred_at'),
      epoch('recorded_at'),
    ],
  },
  {
    table: 'audit_entries',
    lock: '7126531002',
    fields: [
      plain('id'),
      epoch('at'),
      plain('actor'),
      plain('actor_kind'),
      plain('ip'),
      plain('action'),
      plain('arguments'),
      plain('outcome'),
      plain('code'),
      plain('message'),
      plain('user_agent'),
    ],
  },
];

/**
 * The event log and the audit log become tamper-evident and append-only.
 *
 * Each entry carries the hash of the entry before it (`prev_hash`, null for the first) and its own
 * `hash`, over `prev_hash` and every other column (id included). `<table>_entry_hash(entry)` is the one
 * formula: the insert trigger computes with it, and the verification (@slipway/history verifyEventLogs)
 * recomputes with it. A column added to either table later must be added to its function too.
 *
 * The insert trigger takes the log's advisory lock, THEN hands out the id (the column has no default
 * any more), then links to the entry with the largest id: ids are handed out in commit order, which is
 * the chain's order, whoever inserts (live readers resume "after id N" and miss nothing).
 *
 * UPDATE, DELETE and TRUNCATE are refused by triggers, so the application's own connection cannot
 * rewrite history. A superuser can still bypass triggers; the chain is what tells on them.
 */
export class EventLogChain1764250000000 implements MigrationInterface {
  name = 'EventLogChain1764250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The issue asks for actor, address and user agent; the user agent is new.
    await queryRunner.query(`ALTER TABLE audit_entries ADD COLUMN user_agent text`);
    await queryRunner.query(`
      CREATE FUNCTION refuse_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const log of LOGS) await chain(queryRunner, log);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const { table } of LOGS) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_truncate ON ${table}`);
      await queryRunner.query(`DROP TRIGGER ${table}_no_change ON ${table}`);
      await queryRunner.query(`DROP TRIGGER ${table}_append ON ${table}`);
      await queryRunner.query(`DROP FUNCTION ${table}_append()`);
      await queryRunner.query(`DROP FUNCTION ${table}_entry_hash(${table})`);
      await queryRunner.query(`
        ALTER TABLE ${table}
          ALTER COLUMN id SET DEFAULT nextval('${table}_id_seq'),
          DROP COLUMN hash,
          DROP COLUMN prev_hash`);
    }
    await queryRunner.query(`DROP FUNCTION refuse_log_change()`);
    await queryRunner.query(`ALTER TABLE audit_entries DROP COLUMN user_agent`);
  }
}

async function chain(queryRunner: QueryRunner, { table, lock, fields }: ChainedLog): Promise<void> {
  await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN prev_hash bytea, ADD COLUMN hash bytea`);
  // jsonb_build_array gives each value a JSON type and quoting, so no two entries serialize alike.
  await queryRunner.query(`
    CREATE FUNCTION ${table}_entry_hash(entry ${table}) RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
      SELECT sha256(convert_to(
        jsonb_build_array(encode(entry.prev_hash, 'hex'), ${fields.join(', ')})::text,
        'UTF8'
      ))
    $$`);
  // The rows already there, chained in id order before the hash is required.
  await queryRunner.query(`
    DO $$
    DECLARE
      entry ${table};
      previous bytea;
    BEGIN
      FOR entry IN SELECT * FROM ${table} ORDER BY id LOOP
        entry.prev_hash := previous;
        previous := ${table}_entry_hash(entry);
        UPDATE ${table} SET prev_hash = entry.prev_hash, hash = previous WHERE id = entry.id;
      END LOOP;
    END $$`);
  // Only the trigger hands out ids now, under the lock: a default would be evaluated before it, outside.
  await queryRunner.query(
    `ALTER TABLE ${table} ALTER COLUMN hash SET NOT NULL, ALTER COLUMN id DROP DEFAULT`,
  );
  // Under REPEATABLE READ the read of the last entry would see the snapshot from before the lock
  // was granted, and could link to an entry that is no longer the last: such appends are refused.
  await queryRunner.query(`
    CREATE FUNCTION ${table}_append() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION '${table} is appended to at READ COMMITTED only, not %',
          upper(current_setting('transaction_isolation'));
      END IF;
      PERFORM pg_advisory_xact_lock(${lock});
      NEW.id := nextval('${table}_id_seq');
      NEW.prev_hash := (SELECT hash FROM ${table} ORDER BY id DESC LIMIT 1);
      NEW.hash := ${table}_entry_hash(NEW);
      RETURN NEW;
    END $$`);
  await queryRunner.query(`
    CREATE TRIGGER ${table}_append BEFORE INSERT ON ${table}
    FOR EACH ROW EXECUTE FUNCTION ${table}_append()`);
  await queryRunner.query(`
    CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table}
    FOR EACH ROW EXECUTE FUNCTION refuse_log_change()`);
  await queryRunner.query(`
    CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_log_change()`);
}
