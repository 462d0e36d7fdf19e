import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AuditOutcome = 'ok' | 'denied' | 'failed';

/** One mutation someone attempted: who, from where, with what, and how it ended. Append-only, hash-chained. */
@Entity({ name: 'audit_entries' })
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  /** The user or token name; null when the caller could not be identified. */
  @Column({ type: 'text', nullable: true })
  actor!: string | null;

  /** `user` or `token`. */
  @Column({ name: 'actor_kind', type: 'text', nullable: true })
  actorKind!: string | null;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  /** The client's User-Agent header, cut to 300 characters; null when there is none (Slack). */
  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;

  /** The mutation's name, e.g. `deploy`. */
  @Column({ type: 'text' })
  action!: string;

  /** Its arguments, secrets redacted. */
  @Column({ type: 'jsonb' })
  arguments!: Record<string, unknown>;

  @Column({ type: 'text' })
  outcome!: AuditOutcome;

  /** The error code when it did not succeed. */
  @Column({ type: 'text', nullable: true })
  code!: string | null;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  /** The hash of the entry before it; null for the first. Written by the database's insert trigger only. */
  @Column({ name: 'prev_hash', type: 'bytea', nullable: true, insert: false, update: false })
  prevHash!: Buffer | null;

  /** sha256 over prevHash and every other column (audit_entries_entry_hash): the chain's link. */
  @Column({ type: 'bytea', insert: false, update: false })
  hash!: Buffer;
}
