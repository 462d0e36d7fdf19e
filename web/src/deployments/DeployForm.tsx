import { useState, type SyntheticEvent } from 'react';
import { ErrorMessage } from '../errors/ErrorMessage';
import { messageOf } from '../errors/messageOf';
import { TextField } from '../forms/TextField';
import type { DeployInput } from '../graphql/schema';
import { useGraphQLClient } from '../graphql/useGraphQLClient';
import { navigate } from '../routing/navigate';
import { deploymentPath } from '../routing/route';
import { DEPLOY_MUTATION } from './deploymentOperations';

const DEFAULT_INPUT: DeployInput = { project: 'hello', environment: 'development', ref: 'main' };

export function DeployForm() {
  const client = useGraphQLClient();
  const [input, setInput] = useState<DeployInput>(DEFAULT_INPUT);
  const [deploying, setDeploying] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function change(field: keyof DeployInput) {
    return (value: string) => setInput((current) => ({ ...current, [field]: value }));
  }

  async function deploy(): Promise<void> {
    setDeploying(true);
    setError(null);
    try {
      const data = await client.request<{ deploy: { id: string } }>(DEPLOY_MUTATION, {
        input: {
          project: input.project.trim(),
          environment: input.environment.trim(),
          ref: input.ref.trim(),
        },
      });
      navigate(deploymentPath(data.deploy.id));
    } catch (cause) {
      setError(messageOf(cause));
      setDeploying(false);
    }
  }

  function submit(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!deploying) void deploy();
  }

  return (
    <section className="panel" aria-labelledby="deploy-heading">
      <h2 id="deploy-heading">Deploy</h2>
      <form className="deploy-form" onSubmit={submit} aria-busy={deploying}>
        <TextField label="Project" name="project" value={input.project} onChange={change('project')} />
        <TextField
          label="Environment"
          name="environment"
          value={input.environment}
          onChange={change('environment')}
        />
        <TextField label="Ref" name="ref" value={input.ref} onChange={change('ref')} />
        <button type="submit" aria-disabled={deploying}>
          {deploying ? 'Deploying…' : 'Deploy'}
        </button>
      </form>
      <ErrorMessage message={error} />
    </section>
  );
}
