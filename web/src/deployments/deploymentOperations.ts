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
      deployment {
        ...DeploymentFields
      }
    }
  }
`);

export const RECENT_DEPLOYMENTS_QUERY = graphql(`
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
`);

export const DEPLOY_MUTATION = graphql(`
  mutation Deploy($input: DeployInput!) {
    deploy(input: $input) {
      id
    }
  }
`);

export const DEPLOYMENT_LOGS_SUBSCRIPTION = graphql(`
  subscription DeploymentLogs($id: ID!) {
    deploymentLogs(id: $id) {
      id
      step
      rollback
      line
    }
  }
`);
