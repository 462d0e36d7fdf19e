/**
 * What notifications cost a deployment, and how soon people hear: the same 3-step no-op deployment
 * through the whole stack, interleaved in one run, to a project nobody listens to and to one whose
 * start and success go to a Slack channel and an email address; then again while Slack answers every
 * call with 503. Reports queued → succeeded for each, and how long after the deployment ended its
 * Slack message showed the end (the last delivery's time in the delivery log).
 *
 *   npm run bench -- notifications [deployments per shape, default 20]
 */
import { openDatabase } from '@slipway/db';
import { slackMethod, startSlackApi } from '@slipway/testing';
import { formatRow, summarize } from './percentiles';
import { startBenchStack, type BenchDeployment } from './stack';

const runs = Number(process.argv[2] ?? 20);

const SPEC = `version: 1
environments:
  - name: bench
    steps:
      - name: one
        run: "true"
      - name: two
        run: "true"
      - name: three
        run: "true"
`;

async function main(): Promise<void> {
  const slack = await startSlackApi();
  slack.addChannel('deploys');
  process.env.SLACK_BOT_TOKEN = slack.token;
  process.env.SLACK_API_URL = slack.url;
  const stack = await startBenchStack();
  const dataSource = await openDatabase(stack.databaseUrl, 'slipway-bench-notifications');
  try {
    await stack.addProject('quiet', { '.slipway.yml': SPEC });
    await stack.addProject('heard', { '.slipway.yml': SPEC });
    await dataSource.query(
      `INSERT INTO notification_settings (project, environment, events, slack_channels, email_recipients, updated_by)
       VALUES ('heard', '*', '{STARTED,SUCCEEDED,FAILED}', '{#deploys}', '{team@example.com}', 'bench')`,
    );
    await stack.deploy('quiet', 'bench'); // warm-up: first git mirror, first bundle load
    await stack.deploy('heard', 'bench');

    const total = (deployment: BenchDeployment) => deployment.events.at(-1)!.occurredAt - deployment.queuedAt;
    const phase = async () => {
      const quiet: BenchDeployment[] = [];
      const heard: BenchDeployment[] = [];
      for (let index = 0; index < runs; index += 1) {
        quiet.push(await stack.deploy('quiet', 'bench'));
        heard.push(await stack.deploy('heard', 'bench'));
      }
      return { quiet, heard };
    };

    const healthy = await phase();
    // How long after the deployment's last event its Slack message said so (waits for the last ones).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const heardAfter = await Promise.all(
      healthy.heard.map(async (deployment) => {
        const [row] = await dataSource.query<Array<{ last: Date | null }>>(
          `SELECT max(updated_at) AS last FROM notification_deliveries
            WHERE deployment_id = $1 AND channel = 'slack' AND state = 'SENT'`,
          [deployment.id],
        );
        return (row?.last?.getTime() ?? Number.NaN) - deployment.events.at(-1)!.occurredAt;
      }),
    );

    slack.refuseWith(503, slackMethod('chat.postMessage'));
    const slackDown = await phase();
    slack.refuseWith(null);

    const messages = slack.messages('deploys').filter((message) => message.threadTs === null);
    console.log(`notifications: ${runs} deployments of each shape per phase, interleaved, same stack\n`);
    console.log(formatRow('queued → succeeded, nobody notified', summarize(healthy.quiet.map(total))));
    console.log(
      formatRow(
        'queued → succeeded, started+succeeded to Slack + email',
        summarize(healthy.heard.map(total)),
      ),
    );
    console.log(formatRow('deployment ended → its Slack message showed it', summarize(heardAfter)));
    console.log(
      formatRow('Slack 503s: queued → succeeded, nobody notified', summarize(slackDown.quiet.map(total))),
    );
    console.log(
      formatRow('Slack 503s: queued → succeeded, routed to Slack', summarize(slackDown.heard.map(total))),
    );
    const ratio = (a: BenchDeployment[], b: BenchDeployment[]) =>
      (summarize(a.map(total)).p50 / summarize(b.map(total)).p50).toFixed(2);
    console.log(`\nnotified / not notified (p50): ${ratio(healthy.heard, healthy.quiet)}×`);
    console.log(`Slack down: notified / not notified (p50): ${ratio(slackDown.heard, slackDown.quiet)}×`);
    console.log(`Slack messages posted while healthy: ${messages.length} (one per deployment: ${runs + 1})`);
  } finally {
    await dataSource.destroy();
    await stack.stop();
    await slack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
