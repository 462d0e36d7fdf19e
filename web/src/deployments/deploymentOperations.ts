import { graphql } from '../gql';

graphql(`
  fragment DeploymentFields on Deployment {
    id
    project
    environment
    ref
    actor
    status
    commitSha
    commitMessage
    artifactDigest
    approvalsRemaining
    reason
    queuedAt
    startedAt
    finishedAt
    trigger {
      type
      ref
      after
      deploymentId
      replacing
    }
    steps {
      position
      name
      status
      startedAt
      finishedAt
      error
    }
    viewerCan {
      approve
      reject
      cancel
      rollback
      redeploy
    }
  }
`);

/**
 * What the caller may do to a deployment that has ended: it gets no more events of its own, yet what
 * happens next in its environment (a newer release, a rollback) changes whether it can be rolled back.
 */
export const DEPLOYMENT_PERMISSIONS_QUERY = graphql(`
  query DeploymentPermissions($id: ID!) {
    deployment(id: $id) {
      viewerCan {
        approve
        reject
        cancel
        rollback
        redeploy
      }
    }
  }
`);

export const DEPLOYMENT_QUERY = graphql(`
  query Deployment($id: ID!) {
    deployment(id: $id) {
      ...DeploymentFields
    }
  }
`);

export const DEPLOYMENT_EVENTS_SUBSCRIPTION = graphql(`
  subscription DeploymentEvents($id: ID!) {
    deploymentEvents(id: $id) {
      id
      sequence
      type
      occurredAt
      step
      detail
      deployment {
        ...DeploymentFields
      }
    }
  }
`);

export const RELEASE_DIFF_QUERY = graphql(`
  query DeploymentReleaseDiff($id: ID!) {
    deployment(id: $id) {
      id
      releaseDiff {
        from
        direction
        truncated
        commits {
          sha
          message
          author
          committedAt
          pullRequest
        }
      }
    }
  }
`);

export const PROJECT_REPOSITORIES_QUERY = graphql(`
  query DeploymentProjectRepositories {
    projects {
      name
      vcsProvider
      vcsRepository
    }
  }
`);

export const ENVIRONMENT_RELEASES_QUERY = graphql(`
  query DeploymentEnvironmentReleases($project: String!) {
    environments(project: $project) {
      name
      current {
        deploymentId
      }
      previous {
        deploymentId
        commitSha
        deployedAt
      }
    }
  }
`);

/** A row of a deployments table (the latest deployments, a project's history). */
export const DEPLOYMENT_ROW_FIELDS = graphql(`
  fragment DeploymentRowFields on Deployment {
    id
    project
    environment
    ref
    actor
    status
    commitSha
    commitMessage
    queuedAt
  }
`);

export const RECENT_DEPLOYMENTS_QUERY = graphql(`
  query RecentDeployments($first: Int!) {
    deployments(first: $first) {
      nodes {
        ...DeploymentRowFields
      }
    }
  }
`);

export const DEPLOY_MUTATION = graphql(`
  mutation Deploy($input: DeployInput!) {
    deploy(input: $input) {
      id
    }
  }
`);

export const APPROVE_MUTATION = graphql(`
  mutation ApproveDeployment($id: ID!, $comment: String!) {
    approveDeployment(id: $id, comment: $comment) {
      id
    }
  }
`);

export const REJECT_MUTATION = graphql(`
  mutation RejectDeployment($id: ID!, $comment: String!) {
    rejectDeployment(id: $id, comment: $comment) {
      id
    }
  }
`);

export const CANCEL_MUTATION = graphql(`
  mutation CancelDeployment($id: ID!) {
    cancelDeployment(id: $id) {
      id
    }
  }
`);

export const ROLLBACK_MUTATION = graphql(`
  mutation RollBackDeployment($input: RollbackInput!) {
    rollback(input: $input) {
      id
    }
  }
`);

/** A line a step printed, as the log viewer keeps it: read from the history and live alike. */
export const STEP_LOG_LINE_FIELDS = graphql(`
  fragment StepLogLineFields on StepLogLine {
    id
    step
    attempt
    rollback
    at
    line
  }
`);

export const STEP_LOGS_QUERY = graphql(`
  query DeploymentStepLogs($deploymentId: ID!, $after: ID, $first: Int!) {
    stepLogs(deploymentId: $deploymentId, after: $after, first: $first) {
      ...StepLogLineFields
    }
  }
`);

export const DEPLOYMENT_LOGS_SUBSCRIPTION = graphql(`
  subscription DeploymentLogs($id: ID!, $after: ID) {
    deploymentLogs(id: $id, after: $after) {
      ...StepLogLineFields
    }
  }
`);
