// Safe for workflow code: plain functions, no I/O.

/** Branch and tag patterns an environment deploys by itself. */
export interface AutoTrigger {
  branches: string[];
  tags: string[];
}

/** `*` matches within one path segment, `**` across segments; everything else matches itself. */
export function globMatches(pattern: string, name: string): boolean {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index]!;
    if (char === '*' && pattern[index + 1] === '*') {
      source += '.*';
      index += 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else {
      source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`).test(name);
}

/** Whether a pushed ref (refs/heads/… or refs/tags/…) matches an environment's `auto` rule. */
export function autoTriggerMatches(auto: AutoTrigger | undefined, ref: string): boolean {
  if (!auto) return false;
  const branch = /^refs\/heads\/(.+)$/.exec(ref)?.[1];
  if (branch !== undefined) return auto.branches.some((pattern) => globMatches(pattern, branch));
  const tag = /^refs\/tags\/(.+)$/.exec(ref)?.[1];
  if (tag !== undefined) return auto.tags.some((pattern) => globMatches(pattern, tag));
  return false;
}
