/** The shape of one entry of a GraphQL response's `errors`. */
export interface GraphQLErrorPayload {
  message: string;
  extensions?: Readonly<Record<string, unknown>>;
}

/** A failed GraphQL operation, carrying a message a person can read. */
export class GraphQLRequestError extends Error {
  readonly unauthenticated: boolean;
  /** The input field the gateway blamed (its `extensions.field`, e.g. `emailRecipients.0`), if any. */
  readonly field: string | null;

  constructor(message: string, unauthenticated = false, field: string | null = null) {
    super(message);
    this.name = 'GraphQLRequestError';
    this.unauthenticated = unauthenticated;
    this.field = field;
  }

  static fromErrors(errors: readonly GraphQLErrorPayload[]): GraphQLRequestError {
    const message = errors.map((error) => error.message).join('\n');
    return new GraphQLRequestError(
      message || 'The gateway reported an error without a message.',
      errors.some((error) => error.extensions?.['code'] === 'UNAUTHENTICATED'),
      fieldOf(errors),
    );
  }
}

function fieldOf(errors: readonly GraphQLErrorPayload[]): string | null {
  const field = errors.find((error) => typeof error.extensions?.['field'] === 'string')?.extensions?.[
    'field'
  ];
  return typeof field === 'string' && field ? field : null;
}
