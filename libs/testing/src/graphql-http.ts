/** One error of a GraphQL answer, with the extensions Slipway's gateway sets. */
export interface GraphQLError {
  message: string;
  extensions?: { code?: string; field?: string; [name: string]: unknown };
}

/** A GraphQL answer's body. */
export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLError[];
}

/** What a GraphQL endpoint answers over HTTP. */
export interface GraphQLAnswer<T> {
  status: number;
  body: GraphQLResponse<T>;
}

/**
 * One GraphQL request with a Bearer token (and any other headers), answered as it came: for tests that
 * look at refusals.
 */
export async function postGraphQL<T>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLAnswer<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<T> };
}

/** One GraphQL request with a Bearer token; its data, or an error carrying the errors the API gave. */
export async function graphqlData<T>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const { body } = await postGraphQL<T>(url, token, query, variables);
  if (body.errors?.length || !body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
