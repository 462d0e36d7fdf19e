import {
  getNamedType,
  GraphQLError,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  Kind,
  type FieldNode,
  type GraphQLFormattedError,
  type GraphQLOutputType,
  type GraphQLNamedType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

export interface QueryLimits {
  /** The deepest nesting of fields an operation may have (the operation's own fields are depth 1). */
  maxDepth: number;
  /** The most fields an operation may resolve, as estimated below. */
  maxCost: number;
  /** How many items a list without a `first` argument is assumed to hold. */
  defaultListSize: number;
  /**
   * How many items a `first` given as a variable is assumed to ask for: variables are not known while
   * a document is validated, so the largest page of a list of objects is assumed (100; the resolvers
   * refuse more).
   */
  variablePageSize: number;
}

export const QUERY_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxCost: 20_000,
  defaultListSize: 10,
  variablePageSize: 100,
};

/** Marks the errors this rule reports, so the API can give them the code of any other bad input. */
export class QueryLimitError extends GraphQLError {}

/**
 * Refuses an operation nested deeper than `maxDepth`, or one estimated to resolve more than `maxCost`
 * fields: every field costs 1 each time it resolves, and a list resolves what it selects once per
 * item: `first` items when it has that argument (or its connection parent has, as `deployments(first)`
 * sizes its `nodes`), `defaultListSize` otherwise. A client cannot make the gateway read the whole
 * database with one small document.
 */
export function queryLimitsRule(limits: QueryLimits = QUERY_LIMITS): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation: OperationDefinitionNode) {
      const root = context.getSchema().getRootType(operation.operation);
      if (!root) return;
      const measure = new Measure(context, limits);
      const { depth, cost } = measure.selections(operation.selectionSet, root, 1, new Set(), null);
      const name = operation.name ? `Operation ${operation.name.value}` : 'The operation';
      if (depth > limits.maxDepth) {
        context.reportError(
          new QueryLimitError(`${name} is nested ${depth} fields deep; the limit is ${limits.maxDepth}.`, {
            nodes: [operation],
            extensions: { code: 'BAD_USER_INPUT', depth, limit: limits.maxDepth },
          }),
        );
      } else if (cost > limits.maxCost) {
        context.reportError(
          new QueryLimitError(
            `${name} would cost about ${cost} (each field once per item it is read for); the limit is ${limits.maxCost}. Ask for smaller pages or fewer fields.`,
            { nodes: [operation], extensions: { code: 'BAD_USER_INPUT', cost, limit: limits.maxCost } },
          ),
        );
      }
    },
  });
}

/**
 * Apollo reports every validation error as GRAPHQL_VALIDATION_FAILED; a refused query is input for
 * the caller to fix, like any other, so its error keeps the code the rule gave it.
 */
export function isQueryLimitError(error: unknown): boolean {
  return error instanceof GraphQLError && error.originalError instanceof QueryLimitError;
}

export function asBadUserInput(formatted: GraphQLFormattedError): GraphQLFormattedError {
  return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
}

interface Measured {
  depth: number;
  cost: number;
}

class Measure {
  constructor(
    private readonly context: ValidationContext,
    private readonly limits: QueryLimits,
  ) {}

  /**
   * What one resolution of the selection set costs and how deep it goes below `depth`. `fragments`
   * holds the fragments being expanded on this path, so a cycle (refused by another rule) ends here.
   */
  selections(
    selectionSet: SelectionSetNode,
    parent: GraphQLNamedType,
    depth: number,
    fragments: Set<string>,
    pageSize: number | null,
  ): Measured {
    let deepest = depth - 1;
    let cost = 0;
    for (const selection of selectionSet.selections) {
      let measured: Measured;
      if (selection.kind === Kind.FIELD) {
        measured = this.field(selection, parent, depth, fragments, pageSize);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition
          ? (this.context.getSchema().getType(selection.typeCondition.name.value) ?? parent)
          : parent;
        measured = this.selections(selection.selectionSet, type, depth, fragments, pageSize);
      } else {
        const name = selection.name.value;
        const fragment = this.context.getFragment(name);
        if (!fragment || fragments.has(name)) continue;
        const type = this.context.getSchema().getType(fragment.typeCondition.name.value) ?? parent;
        measured = this.selections(
          fragment.selectionSet,
          type,
          depth,
          new Set([...fragments, name]),
          pageSize,
        );
      }
      deepest = Math.max(deepest, measured.depth);
      cost += measured.cost;
    }
    return { depth: deepest, cost };
  }

  /** `pageSize`: the `first` of the connection this field belongs to, which sizes its list. */
  private field(
    node: FieldNode,
    parent: GraphQLNamedType,
    depth: number,
    fragments: Set<string>,
    pageSize: number | null,
  ): Measured {
    if (!node.selectionSet) return { depth, cost: 1 };
    const definition =
      isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
    // An unknown field is reported by the standard rules; measure what is there all the same.
    const type: GraphQLOutputType | undefined = definition?.type;
    const first = this.first(
      node,
      definition?.args.find((argument) => argument.name === 'first'),
    );
    const list = type !== undefined && isListType(isNonNullType(type) ? type.ofType : type);
    const items = list ? (first ?? pageSize ?? this.limits.defaultListSize) : 1;
    const below = this.selections(
      node.selectionSet,
      type ? getNamedType(type) : parent,
      depth + 1,
      fragments,
      list ? null : first,
    );
    return { depth: below.depth, cost: 1 + items * below.cost };
  }

  /** The page size a field with a `first` argument asks for; null when it has none. */
  private first(node: FieldNode, argument: { defaultValue?: unknown } | undefined): number | null {
    if (!argument) return null;
    const given = node.arguments?.find((candidate) => candidate.name.value === 'first');
    if (given?.value.kind === Kind.INT) return Math.max(0, Number.parseInt(given.value.value, 10));
    if (given) return this.limits.variablePageSize;
    return typeof argument.defaultValue === 'number' ? argument.defaultValue : this.limits.variablePageSize;
  }
}
