import { isAbsolute } from 'node:path';
import {
  GitMirror,
  type RepositoryLocation,
  type RepositorySource,
  type RepositorySources,
} from '@slipway/git';
import type { GitHubClient } from './github-client';
import { GitHubRepositorySource } from './github-source';
import type { GitLabClient } from './gitlab-client';
import { GitLabRepositorySource } from './gitlab-source';
import type { HostConnections } from './host-config';

/** What a process reads repositories with: the providers it has credentials for, and git. */
export interface RepositoryHosts {
  github: GitHubClient | null;
  gitlab: GitLabClient | null;
  /** Where git keeps its mirrors of the repositories read with git. */
  mirrorsDir: string;
}

/**
 * The provider's API for a project connected to GitHub or GitLab when this process has credentials for
 * that provider; git (a mirror of `repositoryUrl`) otherwise, and always for a repository on this
 * machine (a path or a file: URL, as the demo of `npm run up`): it is read where it is, whatever token
 * happens to be set.
 */
export function repositorySourceFor(project: RepositoryLocation, hosts: RepositoryHosts): RepositorySource {
  const { vcs } = project;
  const local = isAbsolute(project.repositoryUrl) || project.repositoryUrl.startsWith('file:');
  if (local) return new GitMirror(project.repositoryUrl, hosts.mirrorsDir);
  if (vcs?.provider === 'github' && hosts.github !== null) {
    return new GitHubRepositorySource(hosts.github, vcs.repository);
  }
  if (vcs?.provider === 'gitlab' && hosts.gitlab !== null) {
    return new GitLabRepositorySource(hosts.gitlab, vcs.repository);
  }
  return new GitMirror(project.repositoryUrl, hosts.mirrorsDir);
}

/** repositorySourceFor with the same clients for every project. */
export function repositorySources(hosts: RepositoryHosts): RepositorySources {
  return (project) => repositorySourceFor(project, hosts);
}

/** Where repositories are read from, for a start-up log line: never a token or a key. */
export function describeRepositorySources({ github, gitlab }: HostConnections): string {
  const api = [
    ...(github === null ? [] : [`GitHub-connected projects through ${github.apiUrl}`]),
    ...(gitlab === null ? [] : [`GitLab-connected projects through ${gitlab.apiUrl}`]),
  ];
  return api.length === 0
    ? 'repositories are read with git (no GitHub or GitLab credentials)'
    : `repositories are read: ${api.join(', ')}; every other project with git`;
}
