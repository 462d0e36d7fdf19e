import { graphql } from '../gql';

export const AUDIT_ACCESS_QUERY = graphql(`
  query AuditAccess {
    me {
      grants {
        role
      }
    }
  }
`);

export const AUDIT_ENTRIES_QUERY = graphql(`
  query AuditEntries($filter: AuditFilterInput!, $first: Int!, $after: ID) {
    auditEntries(filter: $filter, first: $first, after: $after) {
      id
      at
      actor
      actorKind
      action
      outcome
      code
      message
      ip
      userAgent
      arguments
    }
  }
`);

export const EVENT_LOG_INTEGRITY_QUERY = graphql(`
  query EventLogIntegrity {
    eventLogIntegrity {
      log
      entries
      headHash
      intact
      firstBroken {
        id
        reason
      }
    }
  }
`);
