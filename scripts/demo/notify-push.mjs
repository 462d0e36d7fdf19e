#!/usr/bin/env node
// The demo repository's git hooks: after a commit (post-commit) or a push into it (post-receive), send
// the vcs service the signed push webhook GitHub would send, so the demo deploys exactly as a GitHub
// repository does. Built-ins only. Usage (from a hook): notify-push.mjs <webhook config file> post-commit|post-receive
import { execFileSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

const ZERO = '0'.repeat(40);
const [configFile, hook] = process.argv.slice(2);

const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim();

/** What GitHub says about one commit in a push. */
function commitOf(sha) {
  const [id, tree, name, email, timestamp, ...message] = git(
    'show',
    '-s',
    '--format=%H%n%T%n%an%n%ae%n%aI%n%B',
    sha,
  ).split('\n');
  return {
    id,
    tree_id: tree,
    distinct: true,
    message: message.join('\n').trim(),
    timestamp,
    author: { name, email },
    committer: { name, email },
    added: [],
    removed: [],
    modified: [],
  };
}

/** The updates to announce: the commit just made, or each ref a push moved. */
function updates() {
  if (hook === 'post-commit') {
    const ref = git('symbolic-ref', '-q', 'HEAD');
    const before = (() => {
      try {
        return git('rev-parse', '-q', '--verify', 'HEAD~1');
      } catch {
        return ZERO;
      }
    })();
    return [{ before, after: git('rev-parse', 'HEAD'), ref }];
  }
  return readFileSync(0, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [before, after, ref] = line.split(' ');
      return { before, after, ref };
    });
}

async function send(config, { before, after, ref }) {
  const [owner, name] = config.repository.split('/');
  const deleted = after === ZERO;
  const head = deleted ? null : commitOf(after);
  const payload = {
    ref,
    before,
    after,
    created: before === ZERO,
    deleted,
    forced: false,
    base_ref: null,
    compare: `${config.repositoryUrl}#${before.slice(0, 12)}...${after.slice(0, 12)}`,
    commits: head ? [head] : [],
    head_commit: head,
    repository: {
      name,
      full_name: config.repository,
      owner: { name: owner, login: owner },
      private: true,
      clone_url: config.repositoryUrl,
      default_branch: 'main',
    },
    pusher: { name: head?.author.name ?? 'demo', email: head?.author.email ?? null },
    sender: { login: owner },
  };
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', config.secret).update(body).digest('hex')}`;
  try {
    const response = await fetch(config.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'GitHub-Hookshot/slipway-demo',
        'x-github-event': 'push',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': signature,
      },
      body,
      signal: AbortSignal.timeout(5000),
    });
    console.log(`slipway: push of ${ref} sent to ${config.url}: ${response.status} ${await response.text()}`);
  } catch (error) {
    console.log(
      `slipway: could not send the push of ${ref} to ${config.url}: ${error.message} (is npm run up running?)`,
    );
  }
}

const config = JSON.parse(readFileSync(configFile, 'utf8'));
for (const update of updates()) await send(config, update);
