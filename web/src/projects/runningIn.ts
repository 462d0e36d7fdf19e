interface Running {
  name: string;
  current: { commitSha: string | null } | null;
}

/** The environments whose current release is this commit, in `order` (the page's order of environments). */
export function runningIn(
  commitSha: string,
  environments: readonly Running[],
  order: readonly string[],
): string[] {
  return order.filter((name) =>
    environments.some(
      (environment) => environment.name === name && environment.current?.commitSha === commitSha,
    ),
  );
}
