import { buildSchema, GraphQLError, parse, specifiedRules, validate } from 'graphql';
import { asBadUserInput, isQueryLimitError, queryLimitsRule, type QueryLimits } from './query-limits';

const schema = buildSchema(`
  type Query {
    deployments(first: Int = 20): DeploymentConnection!
    projects: [Project!]!
    folder: Folder
  }
  type DeploymentConnection { nodes: [Deployment!]! pageInfo: PageInfo! }
  type PageInfo { endCursor: String hasNextPage: Boolean! }
  type Deployment { id: ID! steps: [Step!]! }
  type Step { name: String! }
  type Project { name: String! }
  type Folder { name: String! children(first: Int = 5): [Folder!]! }
`);

const LIMITS: QueryLimits = { maxDepth: 4, maxCost: 500, defaultListSize: 10, variablePageSize: 100 };

function check(query: string, limits = LIMITS): readonly GraphQLError[] {
  return validate(schema, parse(query), [...specifiedRules, queryLimitsRule(limits)]);
}

/** The cost the rule computed, read back by refusing anything above nothing. */
function costOf(query: string): number {
  const [error] = check(query, { ...LIMITS, maxDepth: 100, maxCost: 0 });
  return error?.extensions.cost as number;
}

describe('queryLimitsRule', () => {
  it('accepts an operation within both limits', () => {
    expect(check('{ deployments(first: 5) { nodes { id steps { name } } } }')).toEqual([]);
  });

  it('refuses an operation nested deeper than the limit, naming the depth and the limit', () => {
    const [error, ...others] = check('query Deep { folder { children { children { children { name } } } } }');
    expect(others).toEqual([]);
    expect(error?.message).toBe('Operation Deep is nested 5 fields deep; the limit is 4.');
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', depth: 5, limit: 4 });
  });

  it('counts the depth through fragments and inline fragments', () => {
    const [error] = check(`
      { folder { ...Child } }
      fragment Child on Folder { children { ... on Folder { children { children { name } } } } }
    `);
    expect(error?.extensions).toMatchObject({ depth: 5 });
  });

  it("multiplies a connection's nodes by its first argument, and not its pageInfo", () => {
    // deployments 1 + nodes (1 + 30 × id 1) + pageInfo (1 + hasNextPage 1)
    expect(costOf('{ deployments(first: 30) { nodes { id } pageInfo { hasNextPage } } }')).toBe(
      1 + (1 + 30) + 2,
    );
  });

  it("uses the argument's default when first is left out, and the default list size for other lists", () => {
    // deployments 1 + nodes (1 + 20 × (id 1 + steps (1 + 10 × name 1)))
    expect(costOf('{ deployments { nodes { id steps { name } } } }')).toBe(1 + 1 + 20 * (1 + 1 + 10));
    expect(costOf('{ projects { name } }')).toBe(1 + 10);
  });

  it('assumes the largest page for a first given as a variable, which is unknown while validating', () => {
    expect(costOf('query ($n: Int) { deployments(first: $n) { nodes { id } } }')).toBe(1 + 1 + 100);
  });

  it('refuses an operation that would cost more than the limit, naming the cost and the limit', () => {
    const [error] = check('query Costly { deployments(first: 100) { nodes { id steps { name } } } }');
    expect(error?.message).toMatch(/^Operation Costly would cost about 1202 .* the limit is 500\./);
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', cost: 1202, limit: 500 });
    const page = 'deployments(first: 100) { nodes { id } }';
    // Aliases add up: each asks for its own page.
    expect(check(`{ a: ${page} b: ${page} c: ${page} d: ${page} }`)).toEqual([]);
    const [aliased] = check(`{ a: ${page} b: ${page} c: ${page} d: ${page} e: ${page} }`);
    expect(aliased?.extensions).toMatchObject({ cost: 5 * 102 });
  });

  it('multiplies nested lists sized by their own first', () => {
    // folder 1 + children (1 + 3 × (name 1 + children (1 + 2 × name 1)))
    expect(costOf('{ folder { children(first: 3) { name children(first: 2) { name } } } }')).toBe(
      1 + 1 + 3 * (1 + 1 + 2),
    );
  });

  it('ends at a fragment cycle, which the standard rules refuse', () => {
    const errors = check(`
      { folder { ...A } }
      fragment A on Folder { children { ...B } }
      fragment B on Folder { children { ...A } }
    `);
    expect(errors.map((error) => error.message).join('\n')).toContain('Cannot spread fragment "A"');
  });

  it('marks its errors so the API answers them as BAD_USER_INPUT', () => {
    const [error] = check('{ folder { children { children { children { children { name } } } } } }');
    // Apollo wraps each validation error, keeping the rule's error as the original.
    const wrapped = new GraphQLError(error!.message, {
      originalError: error,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(isQueryLimitError(wrapped)).toBe(true);
    expect(isQueryLimitError(new GraphQLError('other'))).toBe(false);
    expect(asBadUserInput({ message: 'm', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })).toEqual({
      message: 'm',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});
