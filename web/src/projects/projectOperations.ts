import { graphql } from '../gql';

/**
 * What the project page shows besides its pipeline and history, in one round trip: read again whole
 * after each deployment event. Environments select what the dashboard's cells show, and what ran before.
 */
export const PROJECT_OVERVIEW_QUERY = graphql(`
  query ProjectOverview($project: String!) {
    projects {
      name
      repositoryUrl
      specPath
      vcsProvider
      vcsRepository
    }
    environments(project: $project) {
      ...EnvironmentCellFields
      previous {
        deploymentId
        commitSha
        deployedAt
      }
    }
    releases(project: $project, first: 20) {
      commitSha
      commitMessage
      artifactDigest
      artifactSize
      createdAt
    }
  }
`);

/** Read through Temporal from the repository: slower than the rest, and it may fail on its own. */
export const PROJECT_PIPELINE_QUERY = graphql(`
  query ProjectPipeline($project: String!, $ref: String) {
    pipeline(project: $project, ref: $ref) {
      ref
      commitSha
      commitMessage
      path
      text
      valid
      problems {
        line
        column
        path
        message
      }
      environments {
        name
        after
        auto {
          branches
          tags
        }
        approval {
          roles
          approvers
          allowSelfApproval
          timeoutMs
        }
        ci {
          required
          timeoutMs
          checks
        }
        freeze {
          name
          cron
          durationMs
        }
        steps {
          name
          type
        }
        url
      }
    }
  }
`);

export const PROJECT_HISTORY_QUERY = graphql(`
  query ProjectHistory($filter: DeploymentFilter!, $first: Int!, $after: String) {
    deployments(filter: $filter, first: $first, after: $after) {
      nodes {
        ...DeploymentRowFields
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

export const VALIDATE_SPEC_QUERY = graphql(`
  query ValidateSpec($text: String!) {
    validatePipelineSpec(text: $text) {
      valid
      environments
      problems {
        line
        column
        path
        message
      }
    }
  }
`);
