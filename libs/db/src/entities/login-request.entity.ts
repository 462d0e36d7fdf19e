import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Short-lived, single-use values of a login handshake, shared by every gateway instance: SAML request
 * ids (InResponseTo), assertion ids already consumed (replay), OAuth `state` values.
 */
@Entity({ name: 'login_requests' })
export class LoginRequestEntity {
  @PrimaryColumn({ type: 'text' })
  kind!: string;

  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  value!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
