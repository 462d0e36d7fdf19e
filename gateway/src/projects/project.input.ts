import { PIPELINE_SPEC_FILE } from '@slipway/domain';
import { Field, InputType } from '@nestjs/graphql';
import { z } from 'zod';
import { RESOURCE_NAME } from '../common/validation';

@InputType()
export class CreateProjectInput {
  @Field({ description: 'A lowercase name of letters, digits and dashes; it cannot change.' })
  name!: string;

  @Field({
    description:
      'Where to clone it from: an http(s), ssh or file URL, user@host:path, or an absolute path on the runner.',
  })
  repositoryUrl!: string;

  @Field(() => String, {
    nullable: true,
    description: `The pipeline spec's path in the repository, relative to its root (default ${PIPELINE_SPEC_FILE}).`,
  })
  specPath?: string | null;
}

@InputType({ description: 'What to change; a field left out stays as it is.' })
export class UpdateProjectInput {
  @Field(() => String, { nullable: true })
  repositoryUrl?: string | null;

  @Field(() => String, { nullable: true })
  specPath?: string | null;
}

const URL_SCHEMES = ['http:', 'https:', 'ssh:', 'git:', 'file:'];

/** What git can clone: a URL of a scheme it speaks, scp-like user@host:path, or an absolute path. */
function isCloneable(value: string): boolean {
  if (value.startsWith('/')) return true;
  if (/^[\w.-]+@[\w.-]+:[^/\s][^\s]*$/.test(value)) return true;
  try {
    const url = new URL(value);
    return URL_SCHEMES.includes(url.protocol) && (url.protocol === 'file:' || url.hostname !== '');
  } catch {
    return false;
  }
}

const repositoryUrlSchema = z
  .string()
  .trim()
  .min(1, 'repositoryUrl must not be empty')
  .max(2000, 'repositoryUrl is longer than 2000 characters')
  // A leading dash would read as an option to git; control characters have no place in a location.
  .regex(/^[^-\p{Cc}][^\p{Cc}]*$/u, 'repositoryUrl must not start with a dash or hold control characters')
  .refine(isCloneable, {
    message: 'repositoryUrl must be an http(s), ssh, git or file URL, user@host:path, or an absolute path',
  });

/** Relative, inside the repository: no leading slash, no `..`, no empty or `.` segment. */
const specPathSchema = z
  .string()
  .trim()
  .min(1, 'specPath must not be empty')
  .max(255, 'specPath is longer than 255 characters')
  .refine(
    (value) =>
      !value.startsWith('/') &&
      !/[\\\0\s]/.test(value) &&
      value.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..'),
    { message: "specPath must be a relative path inside the repository, without '..'" },
  );

export const createProjectInputSchema = z.object({
  name: z.string().regex(RESOURCE_NAME, 'name must be a lowercase name of letters, digits and dashes'),
  repositoryUrl: repositoryUrlSchema,
  specPath: specPathSchema.nullish().transform((value) => value ?? PIPELINE_SPEC_FILE),
});

export const updateProjectInputSchema = z.object({
  repositoryUrl: repositoryUrlSchema.nullish(),
  specPath: specPathSchema.nullish(),
});
