import { raw, type RequestHandler } from 'express';

export const SLACK_INTERACTIONS_PATH = '/slack/interactions';

/**
 * Slack's interaction payloads are small, but carry the whole message the button sits on; anything
 * much larger is not from Slack.
 */
const MAX_BODY = '256kb';

/**
 * Keeps the body of Slack's requests as the exact bytes Slack signed, before the gateway's form
 * parser could read them. Mounted on the Slack path ahead of every other parser.
 */
export function slackRequestBody(): RequestHandler {
  const read = raw({ type: () => true, limit: MAX_BODY });
  return (request, response, next) => {
    read(request, response, (error?: unknown) => {
      if (error === undefined) return next();
      const tooLarge = (error as { status?: unknown }).status === 413;
      response
        .status(tooLarge ? 413 : 400)
        .type('text/plain')
        .send(tooLarge ? `the body is larger than ${MAX_BODY}` : 'the body could not be read');
    });
  };
}
