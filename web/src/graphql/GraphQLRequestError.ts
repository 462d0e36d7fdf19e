/** The shape of one entry of a GraphQL response's `errors`. */
export interface GraphQLErrorPayload {
  message: string;
  extensions?: Readonly<Record<string, unknown>>;
}

/** A failed GraphQL operation, carrying a message a person can read. */
export class GraphQLRequestError extends Error {
  readonly unauthenticated: boolean;

  constructor(message: string, unauthenticated = false) {
    super(message);
    this.name = 'GraphQLRequestError';
    this.unauthenticated = unauthenticated;
  }

  static fromErrors(errors: readonly GraphQLErrorPayload[]): GraphQLRequestError {
    const message = errors.map((error) => error.message).join('\n');
    return new GraphQLRequestError(
      message || 'The gateway reported an error without a message.',
      errors.some((error) => error.extensions?.['code'] === 'UNAUTHENTICATED'),
    );
  }
}
