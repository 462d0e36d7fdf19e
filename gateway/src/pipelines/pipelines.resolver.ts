import { ProjectEntity } from '@slipway/db';
import { parsePipelineSpec } from '@slipway/domain';
import {
  PIPELINE_SPEC_WORKFLOW,
  pipelineSpecWorkflowId,
  projectRefOf,
  TASK_QUEUES,
  type PipelineSpecInput,
  type PipelineSpecSource,
  type ProjectRef,
} from '@slipway/temporal';
import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { canSee, type Principal } from '../auth/principal';
import { apiError } from '../common/errors';
import { DATA_SOURCE, TEMPORAL_CLIENT } from '../common/injection-tokens';
import { validated } from '../common/validation';
import { deployInputSchema } from '../deployments/deploy.input';
import { pipelineOf } from './pipeline';
import { PipelineModel } from './pipeline.model';
import { pipelineReadError } from './pipeline-read-error';
import { SpecValidationModel } from './spec-validation.model';

const MAX_SPEC_BYTES = 256 * 1024;
/** The repository's default branch, as git, GitHub and GitLab all resolve it. */
const DEFAULT_REF = 'HEAD';
/** A person waits for the answer: the read gives up after this long. */
const READ_TIMEOUT_S = 20;

/** The workflow's signature, as the runner hosts it (the gateway imports no workflow code). */
type PipelineSpecWorkflow = (input: PipelineSpecInput) => Promise<PipelineSpecSource>;

const pipelineArgsSchema = z.object({ ref: deployInputSchema.shape.ref });

@Resolver()
export class PipelinesResolver {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Query(() => SpecValidationModel, {
    description: 'Checks a .slipway.yml before it is committed; every problem names its line and column.',
  })
  validatePipelineSpec(@Args('text') text: string): SpecValidationModel {
    if (Buffer.byteLength(text) > MAX_SPEC_BYTES) {
      throw apiError('BAD_USER_INPUT', `text is larger than ${MAX_SPEC_BYTES / 1024} KiB`, { field: 'text' });
    }
    const result = parsePipelineSpec(text);
    if (!result.ok) return { valid: false, environments: [], problems: result.problems };
    return {
      valid: true,
      environments: result.spec.environments.map((environment) => environment.name),
      problems: [],
    };
  }

  @Query(() => PipelineModel, {
    description:
      "A project's pipeline as the spec in its repository declares it at a ref, read now (through the vcs " +
      'service): its environments in promotion order with their gates and steps, or its problems at their lines.',
  })
  async pipeline(
    @Args('project') project: string,
    @Args('ref', {
      type: () => String,
      nullable: true,
      description:
        "A branch, tag or commit; default HEAD, the repository's default branch (what a push to it deploys).",
    })
    ref: string | null | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PipelineModel> {
    const read = ref === null || ref === undefined ? DEFAULT_REF : validated(pipelineArgsSchema, { ref }).ref;
    const found = canSee(principal, project)
      ? await this.dataSource.getRepository(ProjectEntity).findOneBy({ name: project })
      : null;
    // A project the caller may not see is as missing as one that never existed.
    if (!found) throw apiError('NOT_FOUND', `project "${project}" does not exist`, { field: 'project' });
    return pipelineOf(read, await this.readSpec(projectRefOf(found), read));
  }

  private async readSpec(project: ProjectRef, ref: string): Promise<PipelineSpecSource> {
    const input: PipelineSpecInput = { project, ref };
    try {
      return await this.temporal.workflow.execute<PipelineSpecWorkflow>(PIPELINE_SPEC_WORKFLOW, {
        taskQueue: TASK_QUEUES.deploy,
        workflowId: pipelineSpecWorkflowId(project.name, randomUUID()),
        workflowExecutionTimeout: `${READ_TIMEOUT_S}s`,
        args: [input],
      });
    } catch (error) {
      throw pipelineReadError(error, project.name, ref, READ_TIMEOUT_S);
    }
  }
}
