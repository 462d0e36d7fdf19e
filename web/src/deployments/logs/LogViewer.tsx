import { ActionIcon, Button, Group, NativeSelect, Stack, Switch, Text, TextInput } from '@mantine/core';
import { memo, useDeferredValue, useMemo, useState, type KeyboardEvent } from 'react';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { LogLines } from './LogLines';
import { searchLog } from './logSearch';
import { BUILD_STEP, type LogLine } from './logStore';
import { useDeploymentLogs } from './useDeploymentLogs';

/** Which lines the viewer shows: every step's, or one step's (-1 is the build). */
export type LogStepChoice = 'all' | number;

const NUMBER = new Intl.NumberFormat();

interface LogViewerProps {
  deploymentId: string;
  steps: ReadonlyArray<{ position: number; name: string }>;
  step: LogStepChoice;
  onStepChange: (step: LogStepChoice) => void;
  /** Nothing more will be printed. */
  ended: boolean;
}

/**
 * What the build and the steps print, live: follows the end as lines arrive until the reader scrolls up
 * or pauses; one step or all; a search that counts and highlights its matches and moves between them.
 * Memoised: the page re-renders every second while a deployment runs (durations tick); the log need not.
 */
export const LogViewer = memo(function LogViewer({
  deploymentId,
  steps,
  step,
  onStepChange,
  ended,
}: LogViewerProps) {
  const { store, revision, loadingHistory, error } = useDeploymentLogs(deploymentId);
  const [following, setFollowing] = useState(true);
  const [showTimes, setShowTimes] = useState(false);
  const [query, setQuery] = useState('');
  // The match the search is on, in the view of one step: another view starts without one.
  const [current, setCurrent] = useState<{ step: LogStepChoice; index: number } | null>(null);
  const currentMatch = current?.step === step ? current.index : null;
  const [reveal, setReveal] = useState<{ line: number } | null>(null);
  const searched = useDeferredValue(query);

  const names = useMemo(
    () => new Map([[BUILD_STEP, 'build'], ...steps.map(({ position, name }) => [position, name] as const)]),
    [steps],
  );
  // `revision` stands for the store's lines, which grow in place.
  const lines = useMemo(
    () => (step === 'all' ? [...store.lines] : store.lines.filter((line) => line.step === step)),
    [store, step, revision],
  );
  const { matches, capped } = useMemo(() => searchLog(lines, searched), [lines, searched]);
  const stepOf = useMemo(
    () => (step === 'all' ? (line: LogLine) => names.get(line.step) ?? `step ${line.step + 1}` : null),
    [step, names],
  );

  function goTo(index: number) {
    const match = matches[index];
    if (!match) return;
    setCurrent({ step, index });
    setFollowing(false);
    setReveal({ line: match.line });
  }

  function move(by: 1 | -1) {
    if (matches.length === 0) return;
    const from = currentMatch ?? (by === 1 ? -1 : 0);
    goTo((from + by + matches.length) % matches.length);
  }

  function search(value: string) {
    setQuery(value);
    setCurrent(null);
  }

  function searchKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      move(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape' && query !== '') {
      event.preventDefault();
      search('');
    }
  }

  function chooseStep(value: string) {
    onStepChange(value === 'all' ? 'all' : Number(value));
  }

  const stepName = step === 'all' ? null : (names.get(step) ?? `step ${step + 1}`);
  const matchCount =
    searched === ''
      ? null
      : matches.length === 0
        ? 'No matches'
        : `${currentMatch === null ? '' : `${NUMBER.format(currentMatch + 1)} of `}${NUMBER.format(matches.length)}${capped ? '+' : ''} ${matches.length === 1 ? 'match' : 'matches'}`;

  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <NativeSelect
          label="Step"
          value={String(step)}
          onChange={(event) => chooseStep(event.currentTarget.value)}
          data={[
            { value: 'all', label: 'All steps' },
            { value: String(BUILD_STEP), label: 'Build' },
            ...steps.map(({ position, name }) => ({
              value: String(position),
              label: `${position + 1}. ${name}`,
            })),
          ]}
        />
        <TextInput
          type="search"
          label="Search the log"
          placeholder="Text to find"
          value={query}
          onChange={(event) => search(event.currentTarget.value)}
          onKeyDown={searchKey}
          autoComplete="off"
          spellCheck={false}
          description="Enter: next · Shift+Enter: previous"
          style={{ flex: '1 1 12rem' }}
        />
        <Group gap={4} wrap="nowrap">
          <ActionIcon
            variant="default"
            size="lg"
            aria-label="Previous match"
            disabled={matches.length === 0}
            onClick={() => move(-1)}
          >
            ↑
          </ActionIcon>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label="Next match"
            disabled={matches.length === 0}
            onClick={() => move(1)}
          >
            ↓
          </ActionIcon>
        </Group>
      </Group>
      <Group gap="sm" justify="space-between" wrap="wrap">
        <Stack gap={0}>
          <Text size="sm" c="dimmed" className="log-count" data-count={lines.length}>
            {NUMBER.format(lines.length)} {lines.length === 1 ? 'line' : 'lines'}
            {stepName && ` of ${stepName}`}
            {loadingHistory ? ' so far, loading the rest…' : following ? ' · following the end' : ' · paused'}
          </Text>
          <Text size="sm" aria-live="polite" className="log-matches">
            {matchCount}
          </Text>
        </Stack>
        <Group gap="sm" wrap="nowrap">
          <Switch
            label="Timestamps"
            checked={showTimes}
            onChange={(event) => setShowTimes(event.currentTarget.checked)}
          />
          {following ? (
            <Button variant="default" onClick={() => setFollowing(false)}>
              Pause
            </Button>
          ) : (
            <Button variant="light" onClick={() => setFollowing(true)}>
              Follow
            </Button>
          )}
        </Group>
      </Group>
      <ErrorMessage message={error} />
      {lines.length === 0 ? (
        <div className="log-viewport log-empty">
          <Text c="dimmed">{emptyMessage(loadingHistory, stepName, ended)}</Text>
        </div>
      ) : (
        <LogLines
          lines={lines}
          revision={revision}
          stepOf={stepOf}
          showTimes={showTimes}
          matches={matches}
          currentMatch={currentMatch}
          following={following}
          onScrolledAway={() => setFollowing(false)}
          reveal={reveal}
          label={stepName ? `Log of ${stepName}` : 'Log of every step'}
        />
      )}
    </Stack>
  );
});

function emptyMessage(loading: boolean, stepName: string | null, ended: boolean): string {
  if (loading) return 'Loading the log…';
  if (stepName) return ended ? `${stepName} printed nothing.` : `${stepName} has printed nothing yet.`;
  return ended
    ? 'This deployment printed nothing.'
    : 'Nothing printed yet: what the build and each step print appears here as they print it.';
}
