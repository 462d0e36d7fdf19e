/**
 * Environments where a slip costs the most: `production`, and any name starting with "prod" (prod,
 * prod-eu, production-2…). Every action there asks the person to type the environment's name first.
 */
export function isProductionLike(environment: string): boolean {
  return environment.startsWith('prod');
}
