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

const MERGER = {
  GIT_AUTHOR_NAME: 'Grace Merger',
  GIT_AUTHOR_EMAIL: 'grace@example.com',
  GIT_COMMITTER_NAME: 'Grace Merger',
  GIT_COMMITTER_EMAIL: 'grace@example.com',
};

/** Runs git in the repository as the person who merges; answers its output, trimmed. */
export function gitAsMerger(path: string, ...args: string[]): string {
  return execFileSync('git', ['-C', path, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...MERGER },
  }).trim();
}

/** Merges the branch into main with a merge commit carrying `message`; returns its sha. */
function mergeIntoMain(path: string, branch: string, ...message: string[]): string {
  gitAsMerger(path, 'checkout', '--quiet', 'main');
  gitAsMerger(path, 'merge', '--quiet', '--no-ff', ...message.flatMap((part) => ['-m', part]), branch);
  return gitAsMerger(path, 'rev-parse', 'HEAD');
}

/**
 * A shop whose main branch took a squashed pull request (#11), a GitHub pull request (#12) whose branch
 * itself merged GitLab-style merge request !7, and a direct commit (tagged v2); plus a hotfix branch off
 * the first commit. Returns each commit's sha.
 */
export function createShopRepository(path: string) {
  const first = createGitRepository(path, { 'README.md': '# shop\n', 'deploy/pipeline.yml': 'version: 1\n' });
  gitAsMerger(path, 'checkout', '--quiet', '-b', 'hotfix');
  const hotfix = commitFiles(path, { 'fix.txt': 'fix\n' }, 'Hotfix the header');
  gitAsMerger(path, 'checkout', '--quiet', 'main');
  const squash = commitFiles(path, { 'README.md': '# Shop\n' }, 'Fix typo (#11)');
  gitAsMerger(path, 'checkout', '--quiet', '-b', 'login');
  const form = commitFiles(path, { 'login.html': '<form>\n' }, 'Add the login form');
  gitAsMerger(path, 'checkout', '--quiet', '-b', 'captcha');
  const captcha = commitFiles(path, { 'captcha.js': 'ask()\n' }, 'Ask for a captcha');
  gitAsMerger(path, 'checkout', '--quiet', 'login');
  gitAsMerger(
    path,
    'merge',
    '--quiet',
    '--no-ff',
    '-m',
    "Merge branch 'captcha' into 'login'",
    '-m',
    'See merge request shop/web!7',
    'captcha',
  );
  const captchaMerge = gitAsMerger(path, 'rev-parse', 'HEAD');
  const pullRequest = mergeIntoMain(path, 'login', 'Merge pull request #12 from ada/login', 'Log in');
  const direct = commitFiles(path, { VERSION: '2\n', 'deploy/pipeline.yml': 'version: 2\n' }, 'Version two');
  gitAsMerger(path, 'tag', 'v2');
  return { path, first, hotfix, squash, form, captcha, captchaMerge, pullRequest, direct };
}

/** One commit as `git` shows it, with what a host's API says about it. */
export interface GitCommitFacts {
  sha: string;
  tree: string;
  parents: string[];
  /** The whole message, as committed. */
  message: string;
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
}

/**
 * A real repository on disk, read with git, for the stand-ins of hosts' APIs: what they answer is what
 * git says about it.
 */
export class LocalGitRepository {
  constructor(readonly path: string) {}

  /** The commit a branch, tag or sha names; null when there is none. */
  commit(ref: string): GitCommitFacts | null {
    const sha = this.git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
    return sha === null ? null : (this.log('-1', sha)[0] ?? null);
  }

  /** A file's bytes at a commit; null when the commit has no file there (a folder is no file). */
  file(sha: string, path: string): Buffer | null {
    if (this.git('cat-file', '-t', `${sha}:${path}`) !== 'blob') return null;
    return execFileSync('git', ['-C', this.path, 'cat-file', 'blob', `${sha}:${path}`]);
  }

  /** What a folder holds at the commit, by name; null when there is no folder there. */
  folder(sha: string, path: string): { name: string; type: 'blob' | 'tree' | 'commit' }[] | null {
    if (this.git('cat-file', '-t', `${sha}:${path}`) !== 'tree') return null;
    const listed = this.git('ls-tree', `${sha}:${path}`) ?? '';
    return listed
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [meta = '', name = ''] = line.split('\t');
        return { name, type: (meta.split(' ')[1] ?? 'blob') as 'blob' | 'tree' | 'commit' };
      });
  }

  /** The commits reachable from `to` and not from `from`, oldest first (as hosts list a comparison). */
  commitsBetween(from: string, to: string): GitCommitFacts[] {
    return this.log('--reverse', '--topo-order', to, `^${from}`);
  }

  /** The best common ancestor of two commits; null when they share no history. */
  mergeBase(first: string, second: string): string | null {
    return this.git('merge-base', first, second);
  }

  /** The commit's tree as a gzipped tarball whose entries all sit under `prefix/`. */
  archive(sha: string, prefix: string): Buffer {
    return execFileSync('git', ['-C', this.path, 'archive', '--format=tar.gz', `--prefix=${prefix}/`, sha], {
      maxBuffer: 256 * 1024 * 1024,
    });
  }

  /** The commits `git log` lists with these arguments. */
  private log(...args: string[]): GitCommitFacts[] {
    // Fields end with \x1f, commits with \x1e: neither appears in a commit message.
    const format = ['%H', '%T', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%B'].join('%x1f');
    const listed = this.git('log', `--format=${format}%x1e`, ...args, '--') ?? '';
    return listed
      .split('\x1e')
      .map((record) => record.replace(/^\n/, ''))
      .filter((record) => record.length > 0)
      .map((record) => {
        const [
          sha = '',
          tree = '',
          parents = '',
          an = '',
          ae = '',
          ad = '',
          cn = '',
          ce = '',
          cd = '',
          message = '',
        ] = record.split('\x1f');
        return {
          sha,
          tree,
          parents: parents.split(' ').filter(Boolean),
          message: message.trimEnd(),
          author: { name: an, email: ae, date: ad },
          committer: { name: cn, email: ce, date: cd },
        };
      });
  }

  /** git's output, trimmed; null when git fails (nothing there). */
  private git(...args: string[]): string | null {
    try {
      return execFileSync('git', ['-C', this.path, ...args], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      return null;
    }
  }
}
