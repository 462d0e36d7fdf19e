import { graphql } from '../gql';

/** Who the console is signed in as: asked once at start, with a token or with the session cookie. */
export const SIGNED_IN_VIEWER_QUERY = graphql(`
  query SignedInViewer {
    me {
      kind
      name
      grants {
        role
      }
    }
  }
`);
