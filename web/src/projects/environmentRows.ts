/** One row of the project's environments: a name, and what has been deployed there (null: nothing yet). */
export interface EnvironmentRow<T> {
  name: string;
  environment: T | null;
}

/**
 * The project's environments in the pipeline's promotion order, those it declares but never deployed to
 * included; environments the pipeline does not name (or all of them, while the pipeline is unknown)
 * follow, by name.
 */
export function environmentRows<T extends { name: string }>(
  deployed: readonly T[],
  pipeline: readonly string[] | null,
): EnvironmentRow<T>[] {
  const byName = new Map(deployed.map((environment) => [environment.name, environment]));
  const declared = pipeline ?? [];
  const others = deployed
    .filter((environment) => !declared.includes(environment.name))
    .map((environment) => environment.name)
    .sort((a, b) => a.localeCompare(b));
  return [...declared, ...others].map((name) => ({ name, environment: byName.get(name) ?? null }));
}
