import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('SpecProblem')
export class SpecProblemModel {
  @Field(() => Int)
  line!: number;

  @Field(() => Int)
  column!: number;

  @Field({ description: 'Where in the document, as a dotted path such as environments.0.steps.1.run.' })
  path!: string;

  @Field({ description: 'What was expected there.' })
  message!: string;
}

@ObjectType('SpecValidation')
export class SpecValidationModel {
  @Field()
  valid!: boolean;

  @Field(() => [String], { description: 'The environments it declares, in promotion order.' })
  environments!: string[];

  @Field(() => [SpecProblemModel])
  problems!: SpecProblemModel[];
}
