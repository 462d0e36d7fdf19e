import type { DataSource } from 'typeorm';

/** The two hash-chained, append-only logs (migration 1764250000000). */
const EVENT_LOGS = ['deployment_events', 'audit_entries'] as const;
export type EventLogName = (typeof EVENT_LOGS)[number];

export interface BrokenEntry {
  id: string;
  /** What is wrong, in words an operator can act on. */
  reason: string;
}

/** What walking one log's chain found. */
export interface EventLogIntegrity {
  log: EventLogName;
  /** How many entries were checked: every one in the log. */
  entries: number;
  /** The last entry's hash (hex): write it down, and a later check shows whether entries were cut off the end. */
  headHash: string | null;
  /** The first entry whose hash or link is wrong; null when the whole chain holds. */
  firstBroken: BrokenEntry | null;
}

/** One entry as stored, with the hash PostgreSQL recomputes from its content now (all hex). */
export interface ChainedEntry {
  id: string;
  prevHash: string | null;
  hash: string;
  recomputed: string;
}

/** Enough rows to keep round trips few, few enough to keep memory flat on a log of millions. */
const BATCH = 5000;
/** Below every id: the first keyset page starts after it. */
const BEFORE_FIRST_ID = '-9223372036854775808';

/** Walks both logs; see verifyEventLog. */
export async function verifyEventLogs(dataSource: DataSource): Promise<EventLogIntegrity[]> {
  const results: EventLogIntegrity[] = [];
  for (const log of EVENT_LOGS) results.push(await verifyEventLog(dataSource, log));
  return results;
}

/**
 * Walks one log in id order, in keyset batches, comparing each entry's hash with the one its content
 * gives now (the same SQL function the insert trigger used) and its `prev_hash` with the hash of the
 * entry before it. Counts every entry and names the first that breaks the chain.
 */
async function verifyEventLog(dataSource: DataSource, log: EventLogName): Promise<EventLogIntegrity> {
  let previous: ChainedEntry | null = null;
  let entries = 0;
  let firstBroken: BrokenEntry | null = null;
  for (let after = BEFORE_FIRST_ID; ;) {
    const batch = await dataSource.query<ChainedEntry[]>(
      `SELECT entry.id::text AS id,
         encode(entry.prev_hash, 'hex') AS "prevHash",
         encode(entry.hash, 'hex') AS hash,
         encode(${log}_entry_hash(entry), 'hex') AS recomputed
       FROM ${log} AS entry
       WHERE entry.id > $1
       ORDER BY entry.id
       LIMIT ${BATCH}`,
      [after],
    );
    for (const entry of batch) {
      const reason = brokenLink(previous, entry);
      if (firstBroken === null && reason !== null) firstBroken = { id: entry.id, reason };
      previous = entry;
    }
    entries += batch.length;
    if (batch.length < BATCH) break;
    after = batch[batch.length - 1]!.id;
  }
  return { log, entries, headHash: previous?.hash ?? null, firstBroken };
}

/** Why `entry` breaks the chain after `previous` (null: it is the first), or null when it holds. */
export function brokenLink(previous: ChainedEntry | null, entry: ChainedEntry): string | null {
  if (entry.hash !== entry.recomputed) {
    return `entry ${entry.id} was changed after it was written, or forged (its hash does not match its content)`;
  }
  if (previous === null) {
    return entry.prevHash === null
      ? null
      : `entry ${entry.id} claims a previous entry but is the first: the entries before it were deleted`;
  }
  if (entry.prevHash !== previous.hash) {
    return `entry ${entry.id} does not follow entry ${previous.id}: an entry before it was deleted or inserted`;
  }
  return null;
}
