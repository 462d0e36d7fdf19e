import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SlackInteractionsService } from './slack-interactions.service';
import { SLACK_INTERACTIONS_PATH } from './slack-request-body';

/** Where Slack posts button clicks (the app's Interactivity Request URL). */
@Controller()
export class SlackController {
  constructor(private readonly interactions: SlackInteractionsService) {}

  @Post(SLACK_INTERACTIONS_PATH)
  async interaction(@Req() request: Request, @Res() response: Response): Promise<void> {
    const { status, text } = await this.interactions.receive({
      timestamp: header(request, 'x-slack-request-timestamp'),
      signature: header(request, 'x-slack-signature'),
      rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
    });
    response.status(status).type('text/plain').send(text);
  }
}

/** Without a signing secret nothing from Slack can be trusted: the endpoint says so. */
@Controller()
export class SlackNotConfiguredController {
  @Post(SLACK_INTERACTIONS_PATH)
  @HttpCode(404)
  interaction(@Res({ passthrough: true }) response: Response): string {
    response.type('text/plain');
    return 'Slack is not configured';
  }
}

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
