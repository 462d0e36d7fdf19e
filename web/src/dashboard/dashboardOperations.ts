import { graphql } from '../gql';

/** What a cell of the environment matrix shows (the project page shows the same cells). */
export const ENVIRONMENT_CELL_FIELDS = graphql(`
  fragment EnvironmentCellFields on Environment {
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
`);

/** Everything the dashboard shows, in one round trip: it is read again whole after each event. */
export const DASHBOARD_QUERY = graphql(`
  query Dashboard {
    projects {
      name
      environments {
        ...EnvironmentCellFields
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
