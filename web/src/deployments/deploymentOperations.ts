const DEPLOYMENT_FIELDS = /* GraphQL */ `
  fragment DeploymentFields on Deployment {
    id
    project
    environment
    ref
    actor
    status
    commitSha
    commitMessage
    reason
    queuedAt
    startedAt
    finishedAt
    steps {
      position
      name
      status
      startedAt
      finishedAt
      output
      error
    }
  }
`;

export const DEPLOYMENT_QUERY = /* GraphQL */ `
  query Deployment($id: ID!) {
    deployment(id: $id) {
      ...DeploymentFields
    }
  }
  ${DEPLOYMENT_FIELDS}
`;

export const DEPLOYMENT_EVENTS_SUBSCRIPTION = /* GraphQL */ `
  subscription DeploymentEvents($id: ID!) {
    deploymentEvents(id: $id) {
      id
      sequence
      deployment {
        ...DeploymentFields
      }
    }
  }
  ${DEPLOYMENT_FIELDS}
`;

export const RECENT_DEPLOYMENTS_QUERY = /* GraphQL */ `
  query RecentDeployments($first: Int!) {
    deployments(first: $first) {
      nodes {
        id
        project
        environment
        ref
        actor
        status
        commitSha
        queuedAt
      }
    }
  }
`;

export const DEPLOY_MUTATION = /* GraphQL */ `
  mutation Deploy($input: DeployInput!) {
    deploy(input: $input) {
      id
    }
  }
`;

export const DEPLOYMENT_LOGS_SUBSCRIPTION = /* GraphQL */ `
  subscription DeploymentLogs($id: ID!) {
    deploymentLogs(id: $id) {
      id
      step
      rollback
      line
    }
  }
`;
