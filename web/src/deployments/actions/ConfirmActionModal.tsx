import { Button, Group, Modal, Stack, Textarea, TextInput, type MantineColor } from '@mantine/core';
import { useState, type ReactNode, type SyntheticEvent } from 'react';

export interface ActionRequest {
  title: string;
  description: ReactNode;
  confirmLabel: string;
  color: MantineColor;
  /** Approve and reject take an optional comment, recorded with the decision. */
  withComment: boolean;
  /** The environment's name, to be typed before a production action; null when no typing is asked. */
  typedName: string | null;
  /** False when the action cannot go ahead (e.g. no release to put back). */
  possible: boolean;
}

interface ConfirmActionModalProps {
  /** The action to confirm; null keeps the dialog closed. */
  request: ActionRequest | null;
  busy: boolean;
  onConfirm: (comment: string) => void;
  onClose: () => void;
}

/**
 * Asks before an action: a plain question for a destructive one, the environment's name typed out
 * for any action on production, and a comment field for a decision.
 */
export function ConfirmActionModal({ request, busy, onConfirm, onClose }: ConfirmActionModalProps) {
  return (
    <Modal opened={request !== null} onClose={onClose} title={request?.title}>
      {/* Keyed on the action, so each opening starts with empty fields. */}
      {request && (
        <ConfirmForm
          key={request.title}
          request={request}
          busy={busy}
          onConfirm={onConfirm}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}

function ConfirmForm({
  request,
  busy,
  onConfirm,
  onClose,
}: ConfirmActionModalProps & { request: ActionRequest }) {
  const [comment, setComment] = useState('');
  const [typed, setTyped] = useState('');
  const confirmed = request.typedName === null || typed.trim() === request.typedName;

  function submit(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    if (confirmed && request.possible && !busy) onConfirm(comment);
  }

  return (
    <form onSubmit={submit}>
      <Stack>
        {request.description}
        {request.withComment && (
          <Textarea
            label="Comment"
            description="Optional; recorded with your decision."
            value={comment}
            onChange={(event) => setComment(event.currentTarget.value)}
            maxLength={1000}
            autosize
            minRows={2}
          />
        )}
        {request.typedName !== null && (
          <TextInput
            label={`Type ${request.typedName} to confirm`}
            value={typed}
            onChange={(event) => setTyped(event.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
            data-autofocus
          />
        )}
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={onClose}
            {...(request.typedName === null ? { 'data-autofocus': true } : {})}
          >
            Go back
          </Button>
          <Button
            type="submit"
            color={request.color}
            loading={busy}
            disabled={!confirmed || !request.possible}
          >
            {request.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
