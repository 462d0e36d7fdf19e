import { Alert } from '@mantine/core';

/** An error the person should see, announced to assistive technology; nothing when there is none. */
export function ErrorMessage({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" role="alert" styles={{ message: { whiteSpace: 'pre-line' } }}>
      {message}
    </Alert>
  );
}
