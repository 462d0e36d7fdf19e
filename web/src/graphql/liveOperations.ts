import { graphql } from '../gql';

/**
 * Only a signal that some deployment the caller sees has moved (the `dashboard` subscription): live
 * views read what they show again.
 */
export const DEPLOYMENT_ACTIVITY_SUBSCRIPTION = graphql(`
  subscription DeploymentActivity {
    dashboard {
      id
    }
  }
`);
