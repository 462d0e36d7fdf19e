import { graphql } from '../gql';

export const VIEWER_ROLES_QUERY = graphql(`
  query ViewerRoles {
    me {
      name
      grants {
        role
      }
    }
  }
`);

export const API_TOKENS_QUERY = graphql(`
  query ApiTokens {
    apiTokens {
      id
      name
      roles
      projects
      createdAt
      expiresAt
      lastUsedAt
      revokedAt
    }
  }
`);

export const CREATE_API_TOKEN_MUTATION = graphql(`
  mutation CreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      token
      apiToken {
        id
        name
      }
    }
  }
`);

export const REVOKE_API_TOKEN_MUTATION = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) {
      id
    }
  }
`);

export const PROJECT_NAMES_QUERY = graphql(`
  query ProjectNames {
    projects {
      name
    }
  }
`);

graphql(`
  fragment NotificationSettingsFields on NotificationSettings {
    project
    environment
    events
    slackChannels
    emailRecipients
    emailDigestMinutes
    notifyAuthors
    updatedAt
    updatedBy
  }
`);

export const NOTIFICATION_SETTINGS_QUERY = graphql(`
  query NotificationSettings($project: String!) {
    notificationSettings(project: $project) {
      ...NotificationSettingsFields
    }
  }
`);

export const SET_NOTIFICATION_SETTINGS_MUTATION = graphql(`
  mutation SetNotificationSettings($input: NotificationSettingsInput!) {
    setNotificationSettings(input: $input) {
      ...NotificationSettingsFields
    }
  }
`);

export const NOTIFICATION_DELIVERIES_QUERY = graphql(`
  query NotificationDeliveries($project: String!, $deploymentId: ID, $first: Int!) {
    notificationDeliveries(project: $project, deploymentId: $deploymentId, first: $first) {
      kind
      channel
      target
      state
      environment
      response
      createdAt
      attempts {
        attempt
      }
    }
  }
`);
