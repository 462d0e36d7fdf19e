import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { RequireRoles } from '../auth/roles.decorator';
import { AuditEntryModel, AuditFilterInput } from './audit-entry.model';
import { AuditService } from './audit.service';
import { EventLogIntegrityModel } from './event-log-integrity.model';

@Resolver(() => AuditEntryModel)
@RequireRoles('admin')
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => [AuditEntryModel], {
    description:
      'The audit log, newest first: every mutation attempted (denied ones included) and every sign-in.',
  })
  auditEntries(
    @Args('filter', { type: () => AuditFilterInput, defaultValue: {} }) filter: AuditFilterInput,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => ID, nullable: true }) after: string | null | undefined,
  ): Promise<AuditEntryModel[]> {
    return this.audit.list(filter, first, after ?? null);
  }

  @Query(() => [EventLogIntegrityModel], {
    description:
      'Walks the hash chains of the deployment event log and of the audit log, and names the first broken ' +
      'entry of each. Reads every entry: it takes a while on a large log.',
  })
  eventLogIntegrity(): Promise<EventLogIntegrityModel[]> {
    return this.audit.eventLogIntegrity();
  }
}
