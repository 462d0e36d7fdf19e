import { Controller, Get, Logger, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Authenticator } from '../auth/authenticator';
import { ApiErrorFilter } from './api-error.filter';
import { sendCsv, type CsvDownload } from './csv-response';
import { ExportService } from './export.service';

const logger = new Logger('Export');

/**
 * CSV downloads for spreadsheets and scripts, authenticated as GraphQL is (an API token or the
 * console's session cookie). Plain GETs: a link in the console, or `curl -H 'Authorization: Bearer …'`.
 */
@Controller('export')
@UseFilters(ApiErrorFilter)
export class ExportController {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly exports: ExportService,
  ) {}

  /** ?project=&environment=&status=A,B&since=&until= */
  @Get('deployments.csv')
  async deployments(@Req() request: Request, @Res() response: Response): Promise<void> {
    const caller = await this.authenticator.http(request);
    await send(response, await this.exports.deployments(caller, request.query));
  }

  /** ?since=&until=&actor=&action= (admin). */
  @Get('audit.csv')
  async audit(@Req() request: Request, @Res() response: Response): Promise<void> {
    const caller = await this.authenticator.http(request);
    await send(response, await this.exports.auditLog(caller, request.query));
  }
}

/** Once streaming has begun there is no status left to answer with: a failure is logged, the response cut. */
async function send(response: Response, download: CsvDownload): Promise<void> {
  try {
    const end = await sendCsv(response, download);
    logger.debug(`${download.fileName}: ${end}`);
  } catch (error) {
    logger.error(
      `${download.fileName} failed while streaming: ${String(error)}`,
      error instanceof Error ? error.stack : undefined,
    );
  }
}
