import { useMemo } from 'react';
import { useQuery } from '../../graphql/useQuery';
import { PROJECT_REPOSITORIES_QUERY } from '../deploymentOperations';
import { repositoryLinks, type RepositoryLinks } from './repositoryLinks';

/** Links into the project's GitHub or GitLab repository; null until known or when none is connected. */
export function useRepositoryLinks(project: string): RepositoryLinks | null {
  const { data } = useQuery(PROJECT_REPOSITORIES_QUERY, {});
  return useMemo(
    () => repositoryLinks(data?.projects.find((each) => each.name === project)),
    [data, project],
  );
}
