import { graphql } from '../gql';

export const INSIGHTS_PROJECTS_QUERY = graphql(`
  query InsightsProjects {
    projects {
      name
      environments {
        name
      }
    }
  }
`);

export const DEPLOYMENT_METRICS_QUERY = graphql(`
  query DeploymentMetrics(
    $project: String!
    $environment: String!
    $since: DateTime!
    $until: DateTime!
    $bucket: MetricsBucket!
  ) {
    deploymentMetrics(
      project: $project
      environment: $environment
      since: $since
      until: $until
      bucket: $bucket
    ) {
      counted
      succeeded
      failed
      rolledBack
      successRate
      failureRate
      rollbackRate
      changeFailures
      changeFailureRate
      deploymentFrequency {
        deployments
        perDay
      }
      leadTime {
        commits
        medianMs
        p90Ms
      }
      timeToRestore {
        medianMs
        restored
        unrestored
      }
      duration {
        medianMs
        p90Ms
      }
      series {
        start
        succeeded
        failed
        rolledBack
        medianDurationMs
        medianLeadTimeMs
      }
    }
  }
`);
