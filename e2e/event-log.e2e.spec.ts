import { createApiToken } from '@slipway/db';
import {
  createTestDatabase,
  type TestDatabase,
  startGateway,
  type TestGateway,
  postGraphQL,
} from '@slipway/testing';

interface EventLogIntegrity {
  log: string;
  entries: number;
  headHash: string | null;
  firstBroken: { id: string; reason: string } | null;
  intact: boolean;
}

const INTEGRITY = '{ eventLogIntegrity { log entries headHash firstBroken { id reason } intact } }';

/** The chain check over GraphQL: admins ask whether anyone rewrote the event log or the audit log. */
describe('event log integrity', () => {
  let database: TestDatabase;
  let gateway: TestGateway;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    tokens.admin = (await createApiToken(database.dataSource, 'root', ['admin'])).token;
    tokens.viewer = (await createApiToken(database.dataSource, 'vic', ['viewer'])).token;
    gateway = await startGateway(database.url);
  });

  afterAll(async () => {
    await gateway.stop();
    await database.close();
  });

  async function graphql<T>(token: string, query: string) {
    return (await postGraphQL<T>(gateway.graphqlUrl, token, query)).body;
  }

  const integrity = async (): Promise<EventLogIntegrity[] | undefined> =>
    (await graphql<{ eventLogIntegrity: EventLogIntegrity[] }>(tokens.admin!, INTEGRITY)).data
      ?.eventLogIntegrity;

  async function auditHead(): Promise<{ id: string; hash: string }> {
    const [head] = await database.dataSource.query<Array<{ id: string; hash: string }>>(
      `SELECT id::text AS id, encode(hash, 'hex') AS hash FROM audit_entries ORDER BY id DESC LIMIT 1`,
    );
    return head!;
  }

  it('is for admins only', async () => {
    const asViewer = await graphql(tokens.viewer!, INTEGRITY);
    expect(asViewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(asViewer.data).toBeNull();
  });

  it('finds a fresh stack intact, then names the audit entry someone rewrote behind the triggers', async () => {
    // Two mutations, one allowed and one denied: both are in the audit log.
    const create = 'mutation { createApiToken(input: { name: "ci", roles: ["viewer"] }) { token } }';
    expect((await graphql(tokens.admin!, create)).errors).toBeUndefined();
    expect((await graphql(tokens.viewer!, create)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const head = await auditHead();
    expect(await integrity()).toEqual([
      { log: 'deployment_events', entries: 0, headHash: null, firstBroken: null, intact: true },
      { log: 'audit_entries', entries: 2, headHash: head.hash, firstBroken: null, intact: true },
    ]);

    // Turning a denied attempt into an allowed one, as a DBA could.
    await database.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL session_replication_role = replica');
      await manager.query(
        `UPDATE audit_entries SET outcome = 'ok', code = NULL, message = NULL WHERE id = $1`,
        [head.id],
      );
    });
    expect((await integrity())?.[1]).toEqual({
      log: 'audit_entries',
      entries: 2,
      headHash: head.hash,
      firstBroken: {
        id: head.id,
        reason: `entry ${head.id} was changed after it was written, or forged (its hash does not match its content)`,
      },
      intact: false,
    });
  });
});
