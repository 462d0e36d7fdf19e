import {
  AUDIT_COLUMNS,
  csvDocument,
  DEPLOYMENT_COLUMNS,
  exportAuditEntries,
  exportDeployments,
} from '@slipway/history';
import { Inject, Injectable } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { auditArguments } from '../audit/audit-arguments';
import { auditOutcome } from '../audit/audit-outcome';
import { AuditService } from '../audit/audit.service';
import { authorize, visibleProjects, type Caller, type Principal } from '../auth/principal';
import { apiError } from '../common/errors';
import { DATA_SOURCE } from '../common/injection-tokens';
import { validated } from '../common/validation';
import type { CsvDownload } from './csv-response';
import { auditExportQuery, deploymentExportQuery, exportFileName, exportRange } from './export-query';

type ExportAction = 'exportDeployments' | 'exportAudit';

/** A download the caller may have, and what the audit log says was asked for. */
interface PlannedExport extends CsvDownload {
  arguments: Record<string, unknown>;
}

/** The history and the audit log as CSV files: checked, authorized and audited before a row is read. */
@Injectable()
export class ExportService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The deployments of the projects the caller may see, oldest first. */
  deployments(caller: Caller, query: Record<string, unknown>, now = new Date()): Promise<CsvDownload> {
    return this.prepare(caller, 'exportDeployments', query, (principal) => {
      const { since, until, ...filter } = validated(deploymentExportQuery, withoutEmpty(query));
      const range = exportRange({ since, until }, now);
      const rows = exportDeployments(this.dataSource, {
        projects: visibleProjects(principal),
        project: filter.project ?? null,
        environment: filter.environment ?? null,
        status: filter.status ?? null,
        ...range,
      });
      return {
        arguments: { ...filter, ...range },
        fileName: exportFileName('deployments', range),
        pieces: csvDocument(DEPLOYMENT_COLUMNS, rows),
      };
    });
  }

  /** The audit log, in the order it was written; for admins, as the auditEntries query. */
  auditLog(caller: Caller, query: Record<string, unknown>, now = new Date()): Promise<CsvDownload> {
    return this.prepare(caller, 'exportAudit', query, (principal) => {
      authorize(principal, ['admin'], {});
      const { since, until, ...filter } = validated(auditExportQuery, withoutEmpty(query));
      const range = exportRange({ since, until }, now);
      const rows = exportAuditEntries(this.dataSource, {
        actor: filter.actor ?? null,
        action: filter.action ?? null,
        ...range,
      });
      return {
        arguments: { ...filter, ...range },
        fileName: exportFileName('audit', range),
        pieces: csvDocument(AUDIT_COLUMNS, rows),
      };
    });
  }

  /**
   * Authenticates, lets `plan` check the query and the caller's rights, and records the export (or its
   * refusal, with the query as it came) before anything is read: no export leaves unaudited.
   */
  private async prepare(
    caller: Caller,
    action: ExportAction,
    query: Record<string, unknown>,
    plan: (principal: Principal) => PlannedExport,
  ): Promise<CsvDownload> {
    let planned: PlannedExport;
    try {
      if (!caller.principal) {
        throw apiError(
          'UNAUTHENTICATED',
          'Send Authorization: Bearer <API token>, or sign in to the console first.',
        );
      }
      planned = plan(caller.principal);
    } catch (error) {
      if (error instanceof GraphQLError) await this.record(caller, action, query, error);
      throw error;
    }
    await this.record(caller, action, planned.arguments, null);
    return { fileName: planned.fileName, pieces: planned.pieces };
  }

  private record(
    caller: Caller,
    action: ExportAction,
    args: Record<string, unknown>,
    error: GraphQLError | null,
  ): Promise<void> {
    const code = typeof error?.extensions.code === 'string' ? error.extensions.code : null;
    return this.audit.record([
      {
        actor: caller.principal,
        ip: caller.ip,
        userAgent: caller.userAgent,
        action,
        arguments: auditArguments(args),
        outcome: auditOutcome(code),
        code,
        message: error?.message ?? null,
      },
    ]);
  }
}

/** `?project=&status=` as a form sends them: a parameter left empty is one left out. */
function withoutEmpty(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''));
}
