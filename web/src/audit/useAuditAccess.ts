import { useEffect, useState } from 'react';
import { messageOf } from '../errors/messageOf';
import { useGraphQLClient } from '../graphql/useGraphQLClient';
import { AUDIT_ACCESS_QUERY } from './auditOperations';

/** `loading` until the gateway says who is calling; the audit log answers admins only (else FORBIDDEN). */
export type AuditAccess = 'loading' | 'admin' | 'forbidden' | { error: string };

export function useAuditAccess(): AuditAccess {
  const client = useGraphQLClient();
  const [access, setAccess] = useState<AuditAccess>('loading');

  useEffect(() => {
    const controller = new AbortController();
    client
      .request(AUDIT_ACCESS_QUERY, {}, controller.signal)
      .then((data) => {
        if (controller.signal.aborted) return;
        setAccess(data.me.grants.some((grant) => grant.role === 'admin') ? 'admin' : 'forbidden');
      })
      .catch((cause: unknown) => {
        if (!controller.signal.aborted) setAccess({ error: messageOf(cause) });
      });
    return () => controller.abort();
  }, [client]);

  return access;
}
