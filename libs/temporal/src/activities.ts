import type {
  ApprovalSpec,
  CiSpec,
  DeploymentCard,
  DeploymentEventEnvelope,
  DeploymentStatus,
  DeploymentTrigger,
  EnvironmentSpec,
  FreezeSpec,
  NotificationEvent,
  ReleaseDiff,
  StepSpec,
} from '@slipway/domain';

export interface ProjectRef {
  name: string;
  /**
   * A git URL or a local path the runner and vcs hosts can read; not used for a project read through its
   * connected host's API (see `vcs`).
   */
  repositoryUrl: string;
  /** The pipeline spec's path in the repository; absent (projects started before it existed): .slipway.yml. */
  specPath?: string;
  /**
   * The hosted repository the project is connected to, which is told about each deployment; with
   * credentials for its provider, the repository is read through the provider's API.
   */
  vcs?: { provider: 'github' | 'gitlab'; repository: string };
}

export interface DeploymentInput {
  deploymentId: string;
  project: ProjectRef;
  environment: string;
  ref: string;
  actor: string;
  trigger: DeploymentTrigger;
  /** Known already (a push, a promotion, a rollback); otherwise `ref` is resolved. */
  commit?: Commit;
  /** Built already (a promotion, a rollback): the same bytes deploy again, nothing is rebuilt. */
  artifact?: Artifact;
  /** The reason given by the person who asked to deploy inside a freeze window. */
  freezeOverride?: string;
}

/** Where a release starts: one environment and the id its deployment gets. */
export interface ReleaseTarget {
  environment: string;
  deploymentId: string;
}

export interface ReleaseInput {
  project: ProjectRef;
  ref: string;
  actor: string;
  trigger: DeploymentTrigger;
  commit?: Commit;
  artifact?: Artifact;
  /** The first deployments; omitted for a push: the environments whose `auto` rule matches the ref. */
  targets?: ReleaseTarget[];
  /** Whether success promotes to the environments that come `after` (not for a rollback). */
  promote: boolean;
  freezeOverride?: string;
}

export interface ReleaseOutcome {
  commit: Commit | null;
  deployments: DeploymentOutcome[];
}

/** The person acting on an approval, as the gateway authenticated them. */
export interface ApprovalActor {
  name: string;
  roles: string[];
}

export interface ApprovalDecision {
  actor: ApprovalActor;
  comment: string;
}

export interface PauseInfo {
  actor: string;
  reason: string;
  since: string;
}

/** Whom a pause or resume is for: everything, or one environment of one project. */
export interface PauseScope {
  project?: string;
  environment?: string;
}

export interface QueueRequest {
  deploymentId: string;
  project: string;
  environment: string;
  concurrency: 'queue' | 'supersede';
}

/** One environment as the gate sees it. */
export interface EnvironmentQueue {
  project: string;
  environment: string;
  /** The deployment that holds the environment, if any. */
  running: string | null;
  /** Waiting deployments, first in line first. */
  waiting: string[];
  /** The pause that keeps the environment from starting anything (its own, or the global one). */
  paused: PauseInfo | null;
}

/** What a release needs to know about each environment of the spec at its commit. */
export type ReleaseEnvironment = Pick<EnvironmentSpec, 'name' | 'auto' | 'after'>;

export interface Commit {
  sha: string;
  message: string;
  author: string;
  committedAt: string;
}

/** A build's output, stored once per commit and deployed to every environment unchanged. */
export interface Artifact {
  /** sha256 of the tarball, hex: the artifact's identity in the store. */
  digest: string;
  size: number;
}

export interface EnvironmentPlan {
  variables: Record<string, string>;
  /** Variable name → secret name. Values are read by the step's activity, never by the workflow. */
  secrets: Record<string, string>;
  steps: StepSpec[];
  approval: ApprovalSpec | null;
  /** The CI that must pass first; absent when the environment requires none (and in plans made before). */
  ci?: CiSpec;
  freeze: FreezeSpec[];
  concurrency: 'queue' | 'supersede';
  /** Where the environment can be visited (the spec's `url`), shown on the repository host. */
  url?: string;
}

export interface StepRun {
  deploymentId: string;
  project: ProjectRef;
  environment: string;
  commit: Commit;
  position: number;
  step: StepSpec;
  variables: Record<string, string>;
  secrets: Record<string, string>;
  artifact: Artifact;
}

export interface StepResult {
  output: string;
}

/** Queue `audit`: the event log and its read models. */
export interface AuditActivities {
  /** One deployment's events, in sequence order, appended together. */
  recordDeploymentEvents(events: DeploymentEventEnvelope[]): Promise<void>;
  /** The environments where this commit was rolled back (auto triggers skip it there). */
  badEnvironments(project: string, commitSha: string): Promise<string[]>;
  /** The commit the environment runs now (its latest successful deployment); null before the first. */
  currentRelease(project: string, environment: string): Promise<string | null>;
}

/**
 * A deployment's state as the repository host shows it (GitHub's Deployment Status states). `inactive`
 * is a deployment that never became, or is no longer, what the environment runs.
 */
export type DeploymentReportState = 'queued' | 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';

export interface DeploymentReport {
  deploymentId: string;
  project: ProjectRef;
  environment: string;
  sha: string;
  /** The ref asked for (refs/tags/v1.2.0, refs/heads/main, main); absent from workflows started before. */
  ref?: string;
  state: DeploymentReportState;
  description: string;
  /** Where the environment can be visited, if known. */
  environmentUrl?: string;
}

/** The build of a commit as its repository host shows it: the commit status `slipway/build`. */
export type BuildReportState = 'pending' | 'success' | 'failure';

export interface BuildReport {
  /** The deployment whose build it is: its page is where the status links to. */
  deploymentId: string;
  project: ProjectRef;
  sha: string;
  state: BuildReportState;
  description: string;
}

/** A commit's CI as its repository host reports it, reduced to what the CI gate decides on. */
export interface CommitChecks {
  state: 'pending' | 'success' | 'failure';
  /** The checks still running (or expected and not reported yet), by name. */
  pending: string[];
  /** The first check that failed, with where to read why (null when the host gives no link). */
  failed?: { name: string; url: string | null };
}

/** A project's pipeline spec as one commit of its repository holds it. */
export interface PipelineSpecSource {
  /** The commit the ref resolved to. */
  commit: Commit;
  /** Where the spec was looked for: the project's spec path. */
  path: string;
  /** The file's text; null when the commit has no file there. */
  text: string | null;
}

/** What the pipelineSpec workflow reads: one project's spec at one ref. */
export interface PipelineSpecInput {
  project: ProjectRef;
  ref: string;
}

/** Queue `vcs`: every conversation with a repository. */
export interface VcsActivities {
  /**
   * The repository is read through its host's API when the project is connected to one Slipway has a
   * token for, else with git. Workflows started before projects were passed send the repository URL.
   */
  resolveCommit(project: ProjectRef | string, ref: string): Promise<Commit>;
  /** The commits between the running release (`from`, null before the first) and the one going out. */
  releaseDiff(project: ProjectRef | string, from: string | null, to: string): Promise<ReleaseDiff>;
  /** Shows the deployment on the connected repository; a state already shown is not posted again. */
  reportDeployment(report: DeploymentReport): Promise<void>;
  /** Shows a build as the commit status `slipway/build`; a deployment of an artifact built before shows none. */
  reportBuild(report: BuildReport): Promise<void>;
  /** The CI of a commit on the project's connected repository; `checks` limits it to those names. */
  commitChecks(project: ProjectRef, sha: string, checks?: string[]): Promise<CommitChecks>;
  /**
   * The project's pipeline spec at the commit `ref` resolves to now (text null when the commit has no
   * such file); a ref the repository does not have is a non-retryable `RefNotFound` naming it.
   */
  pipelineSpec(project: ProjectRef, ref: string): Promise<PipelineSpecSource>;
}

export interface DeploymentOutcome {
  deploymentId: string;
  project: string;
  environment: string;
  commit: Commit | null;
  artifact: Artifact | null;
  status: DeploymentStatus;
  reason: string | null;
}

/** Where one environment's notifications go: its own settings, or the project-wide ones. */
export interface NotificationRoute {
  events: NotificationEvent[];
  slackChannels: string[];
  emailRecipients: string[];
  /** Emails are gathered into one digest per so many minutes; null sends each at once. */
  emailDigestMinutes: number | null;
  /** The authors of the release's commits hear when it succeeds there. */
  notifyAuthors: boolean;
  /** Names the digest these emails gather in (the settings' project and environment, or `*`). */
  digest: string;
}

/** A message Slack posted: the channel id it answered with, and the message's timestamp id. */
export interface SlackMessageRef {
  channel: string;
  ts: string;
}

/**
 * One delivery: `key` names it (deployment, what happened, where) so a retried activity never sends it
 * twice; `kind` is the notification event, or UPDATE / FAILURE_DETAILS / ARRIVAL for what follows one.
 */
export interface Delivery {
  key: string;
  kind: string;
  card: DeploymentCard;
}

/** Queue `notifications`: Slack and email. Every call is logged with each attempt and the provider's answer. */
export interface NotificationActivities {
  /** Deployments started before the notifications workflow call this once, when they end: it emails the outcome. */
  notifyDeploymentFinished(outcome: DeploymentOutcome): Promise<void>;
  /** Null when nobody asked to hear about the environment. */
  notificationRoute(project: string, environment: string): Promise<NotificationRoute | null>;
  /** Posts the deployment's message in a channel (by name or id). */
  postToSlack(delivery: Delivery & { channel: string }): Promise<SlackMessageRef>;
  /** Rewrites the deployment's message in place with the card as it is now. */
  updateInSlack(delivery: Delivery & { message: SlackMessageRef }): Promise<void>;
  /** Answers in the message's thread with the failing step and the tail of its log. */
  replyInSlack(delivery: Delivery & { message: SlackMessageRef }): Promise<void>;
  sendEmail(delivery: Delivery & { to: string[]; event: NotificationEvent }): Promise<void>;
  /** Keeps the email for the route's next digest (and makes sure one will be sent). */
  addToDigest(delivery: Delivery & { route: NotificationRoute; event: NotificationEvent }): Promise<void>;
  /** Sends whatever waits in a digest as one email. */
  sendDigest(digest: string): Promise<void>;
  /** Tells each author of the release's commits (a Slack DM when Slack knows them, else an email). */
  tellAuthors(delivery: Delivery): Promise<void>;
}

export interface BuildResult {
  artifact: Artifact;
  /** False when an earlier build of the commit was reused. */
  built: boolean;
}

/** Queue `deploy`: the gate workflow is started on first use by this activity. */
export interface GateActivities {
  enterEnvironmentQueue(request: QueueRequest): Promise<void>;
  /** Of these deployments, the ones whose workflow still runs (one terminated by hand does not). */
  stillRunning(deploymentIds: string[]): Promise<string[]>;
}

/** Queue `deploy`: the steps themselves, run on the runner host. */
export interface DeployActivities {
  planEnvironment(project: ProjectRef, commit: Commit, environment: string): Promise<EnvironmentPlan>;
  /** The environments of the spec at this commit, for a release to pick and promote through. */
  planRelease(project: ProjectRef, commit: Commit): Promise<ReleaseEnvironment[]>;
  /**
   * Builds the commit once (the `build` section) and stores the artifact; a later call reuses it. The
   * build's output is shown with the deployment that asked for it.
   */
  buildArtifact(project: ProjectRef, commit: Commit, deploymentId: string): Promise<BuildResult>;
  runStep(run: StepRun): Promise<StepResult>;
  rollbackStep(run: StepRun): Promise<StepResult>;
  releaseWorkspace(deploymentId: string): Promise<void>;
}
