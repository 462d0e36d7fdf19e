import { graphql } from '../gql';

/** Everything the dashboard shows, in one round trip: it is read again whole after each event. */
export const DASHBOARD_QUERY = graphql(`
  query Dashboard {
    projects {
      name
      environments {
        name
        health
        current {
          deploymentId
          commitSha
          commitMessage
          ref
          deployedAt
          deployedBy
        }
        latest {
          id
          status
          ref
          actor
          commitSha
          queuedAt
          steps {
            status
          }
        }
      }
    }
    pendingApprovals {
      approvedBy
      approvers
      expiresAt
      deployment {
        id
        project
        environment
        ref
        actor
        commitSha
      }
    }
  }
`);
