import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AuditOutcome = 'ok' | 'denied' | 'failed';

/** One mutation someone attempted: who, from where, with what, and how it ended. Append-only. */
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
}
