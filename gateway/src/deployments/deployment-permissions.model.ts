import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('DeploymentPermissions', {
  description:
    'What the caller may do to a deployment now, decided by the rules the mutations apply (which check again ' +
    'when called): a console shows only these actions.',
})
export class DeploymentPermissionsModel {
  @Field({
    description:
      'approveDeployment: it waits for approval, you hold a role it asks for where it lands (admin always ' +
      'does), you have not approved it yet, and you did not ask for it unless the environment allows that.',
  })
  approve!: boolean;

  @Field({
    description: 'rejectDeployment: it waits for approval and you hold a role it asks for where it lands.',
  })
  reject!: boolean;

  @Field({ description: 'cancelDeployment: it has not ended and you are a deployer where it lands.' })
  cancel!: boolean;

  @Field({
    description:
      'rollback to the environment’s previous release (Environment.previous): it succeeded, it is what runs ' +
      'there now, an earlier release of another commit ran there before, and you are a deployer there.',
  })
  rollback!: boolean;

  @Field({
    description:
      'deploy its commit again to its environment: it has ended, its commit is known, and you are a ' +
      'deployer there.',
  })
  redeploy!: boolean;
}
