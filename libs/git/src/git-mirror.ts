import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { extractTarball, writeCheckout } from './checkout';
import {
  assertFullSha,
  assertRefName,
  type CommitDirection,
  type CommitInfo,
  type CommitRange,
  GitFileNotFoundError,
  GitRefNotFoundError,
  type LoggedCommit,
  type RepositorySource,
} from './repository-source';

const run = promisify(execFile);

const GIT_ENV = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' };

/**
 * A bare mirror of one repository under a cache folder: fetched when a ref or commit is asked for,
 * so reading a file or exporting a commit never touches the remote twice.
 */
export class GitMirror implements RepositorySource {
  private static readonly queues = new Map<string, Promise<unknown>>();
  readonly path: string;

  constructor(
    readonly repositoryUrl: string,
    cacheDir: string,
  ) {
    const key = createHash('sha256').update(repositoryUrl).digest('hex').slice(0, 16);
    this.path = join(cacheDir, `${key}.git`);
  }

  /** Fetches the newest refs, then resolves a branch, tag or sha to a commit. */
  async resolve(ref: string): Promise<CommitInfo> {
    assertRefName(ref);
    await this.fetch();
    const sha = await this.git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => '');
    if (!sha) throw new GitRefNotFoundError(`ref "${ref}" was not found in ${this.repositoryUrl}`);
    return this.commit(sha);
  }

  async commit(sha: string): Promise<CommitInfo> {
    await this.ensureCommit(sha);
    const out = await this.git(['log', '-1', '--format=%H%x00%s%x00%an <%ae>%x00%cI', sha]);
    const [full = sha, message = '', author = '', committedAt = ''] = out.split('\0');
    return { sha: full, message, author, committedAt };
  }

  /**
   * The commits reachable from `to` and not from `from` (git's from..to), newest first, at most
   * `limit`; with no `from` (nothing deployed yet), `to` alone.
   */
  async commitsBetween(from: string | null, to: string, limit: number): Promise<CommitRange> {
    await this.ensureCommit(to);
    if (from !== null) await this.ensureCommit(from);
    // Fields end with \x1f and commits with -z's NUL: neither appears in a commit message.
    const format = ['%H', '%P', '%s', '%an <%ae>', '%cI', '%B'].join('%x1f');
    const range = from === null ? ['--max-count=1', to] : [`--max-count=${limit + 1}`, to, `^${from}`];
    // Topological order keeps a merged branch's commits together, under the merge that brought them.
    const out = await this.git(['log', '-z', '--topo-order', `--format=${format}`, ...range, '--'], false);
    const commits = out
      .split('\0')
      .filter((record) => record.length > 0)
      .map((record): LoggedCommit => {
        const [sha = '', parents = '', message = '', author = '', committedAt = '', body = ''] =
          record.split('\x1f');
        return {
          sha,
          message,
          author,
          committedAt,
          body: body.trim(),
          parents: parents.split(' ').filter(Boolean),
        };
      });
    return { commits: commits.slice(0, limit), truncated: commits.length > limit };
  }

  async direction(from: string, to: string): Promise<CommitDirection> {
    if (await this.isAncestor(from, to)) return 'FORWARD';
    if (await this.isAncestor(to, from)) return 'BACKWARD';
    return 'DIVERGED';
  }

  /** Whether `ancestor` is `commit` or one of its ancestors. */
  async isAncestor(ancestor: string, commit: string): Promise<boolean> {
    await this.ensureCommit(commit);
    await this.ensureCommit(ancestor);
    return this.git(['merge-base', '--is-ancestor', ancestor, commit]).then(
      () => true,
      (error: unknown) => {
        // Exit code 1 is git's "no"; anything else is a failure to answer.
        if ((error as { cause?: { code?: unknown } }).cause?.code === 1) return false;
        throw error;
      },
    );
  }

  /** The content of one file at one commit. */
  async readFile(sha: string, path: string): Promise<string> {
    await this.ensureCommit(sha);
    try {
      // cat-file, not show: a folder is no file (show would list it).
      return await this.git(['cat-file', 'blob', `${sha}:${path}`], false);
    } catch {
      throw new GitFileNotFoundError(`${path} does not exist at commit ${sha.slice(0, 12)}`);
    }
  }

  async checkout(sha: string, target: string): Promise<void> {
    await writeCheckout(sha, target, async (dir) => {
      await this.ensureCommit(sha);
      const archive = spawn('git', ['--git-dir', this.path, 'archive', '--format=tar', sha], {
        env: GIT_ENV,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      archive.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const archived = new Promise<void>((resolve, reject) => {
        archive.once('error', reject);
        archive.once('close', (code) =>
          code === 0
            ? resolve()
            : reject(new Error(`could not export ${sha}: ${stderr.trim() || `git exited ${code}`}`)),
        );
      });
      // git's own failure says more than tar's complaint about the archive it cut short.
      const [extracted] = await Promise.allSettled([extractTarball(archive.stdout, dir), archived]);
      await archived;
      if (extracted.status === 'rejected') throw extracted.reason;
    });
  }

  private async ensureCommit(sha: string): Promise<void> {
    assertFullSha(sha);
    const present = existsSync(this.path) && (await this.hasCommit(sha));
    if (!present) {
      await this.fetch();
      if (!(await this.hasCommit(sha))) {
        throw new GitRefNotFoundError(`commit ${sha} was not found in ${this.repositoryUrl}`);
      }
    }
  }

  private async hasCommit(sha: string): Promise<boolean> {
    return this.git(['cat-file', '-e', `${sha}^{commit}`]).then(
      () => true,
      () => false,
    );
  }

  /** One fetch at a time per mirror in this process; git's own locks guard across processes. */
  private fetch(): Promise<void> {
    const previous = GitMirror.queues.get(this.path) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.fetchNow());
    GitMirror.queues.set(this.path, next);
    return next;
  }

  private async fetchNow(): Promise<void> {
    if (!existsSync(join(this.path, 'HEAD'))) {
      const partial = `${this.path}.partial-${process.pid}`;
      await rm(partial, { recursive: true, force: true });
      await mkdir(join(this.path, '..'), { recursive: true });
      await run('git', ['clone', '--quiet', '--mirror', '--', this.repositoryUrl, partial], { env: GIT_ENV });
      await rename(partial, this.path).catch(async (error: unknown) => {
        // Another process cloned it first: theirs is as good as ours.
        await rm(partial, { recursive: true, force: true });
        if (!existsSync(join(this.path, 'HEAD'))) throw error;
      });
      return;
    }
    await this.git(['fetch', '--quiet', '--prune', 'origin']);
  }

  private async git(args: string[], trim = true): Promise<string> {
    try {
      const { stdout } = await run('git', ['--git-dir', this.path, ...args], {
        env: GIT_ENV,
        maxBuffer: 16 * 1024 * 1024,
      });
      return trim ? stdout.trim() : stdout;
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new Error(stderr || (error as Error).message, { cause: error });
    }
  }
}
