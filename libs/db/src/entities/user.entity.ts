import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** What a role grant looks like when stored: `null` scopes mean every project or environment. */
export interface StoredGrant {
  role: string;
  project: string | null;
  environment: string | null;
}

/** A person who signed in through SAML or OAuth; grants are recomputed from their groups at each login. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** `saml` or `github`. */
  @Column({ type: 'text' })
  provider!: string;

  /** The identity provider's stable id of the person (SAML NameID, GitHub user id). */
  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', array: true })
  groups!: string[];

  @Column({ type: 'jsonb' })
  grants!: StoredGrant[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_login_at', type: 'timestamptz' })
  lastLoginAt!: Date;
}
