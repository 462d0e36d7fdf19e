import { parsePipelineSpec } from '@slipway/domain';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { apiError } from '../common/errors';
import { SpecValidationModel } from './spec-validation.model';

const MAX_SPEC_BYTES = 256 * 1024;

@Resolver()
export class PipelinesResolver {
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
}
