import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Ada Tester',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada Tester',
  GIT_COMMITTER_EMAIL: 'ada@example.com',
};

/** A real git repository with one commit holding `files`; returns the commit sha. */
export function createGitRepository(
  path: string,
  files: Record<string, string>,
  message = 'First commit',
): string {
  mkdirSync(path, { recursive: true });
  execFileSync('git', ['init', '--quiet', '-b', 'main', path]);
  return commitFiles(path, files, message);
}

export function commitFiles(path: string, files: Record<string, string>, message: string): string {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(path, name)), { recursive: true });
    writeFileSync(join(path, name), content, { mode: 0o755 });
  }
  const env = { ...process.env, ...IDENTITY };
  execFileSync('git', ['-C', path, 'add', '-A'], { env });
  execFileSync('git', ['-C', path, 'commit', '--quiet', '-m', message], { env });
  return execFileSync('git', ['-C', path, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
}
