import type { Logger } from '@slipway/service';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import { OperationTypeNode, type GraphQLError } from 'graphql';
import type { RequestContext } from '../auth/principal';
import { auditArguments } from './audit-arguments';
import { auditOutcome } from './audit-outcome';
import type { AuditRecord, AuditService } from './audit.service';

/** As the Nest driver takes it (its CommonJS typings of @apollo/server). */
type ApolloPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];

/**
 * Records every mutation field a request attempts, denied ones included, once the response is ready:
 * who (or nobody), from where, with which arguments, and how it ended.
 */
export function auditPlugin(audit: AuditService, logger: Logger): ApolloPlugin {
  return {
    requestDidStart: () => {
      const records: AuditRecord[] = [];
      return Promise.resolve({
        executionDidStart: ({ operation }) => {
          if (operation.operation !== OperationTypeNode.MUTATION) return Promise.resolve();
          return Promise.resolve({
            willResolveField: ({ info, args, contextValue }) => {
              if (info.parentType.name !== 'Mutation') return;
              const { principal, ip, userAgent } = contextValue as RequestContext;
              return (error: Error | null) => {
                const code = error ? errorCode(error) : null;
                records.push({
                  actor: principal,
                  ip,
                  userAgent,
                  action: info.fieldName,
                  arguments: auditArguments(args),
                  outcome: auditOutcome(code),
                  code,
                  message: error ? error.message : null,
                });
              };
            },
          });
        },
        willSendResponse: async () => {
          try {
            await audit.record(records);
          } catch (error) {
            logger.error(
              { err: error, actions: records.map((record) => record.action) },
              'could not write the audit log',
            );
          }
        },
      });
    },
  };
}

function errorCode(error: Error): string {
  const code = (error as Partial<GraphQLError>).extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}
