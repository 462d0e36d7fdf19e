import { Button, Stack } from '@mantine/core';
import { useState } from 'react';
import { ErrorMessage } from '../errors/ErrorMessage';
import { messageOf } from '../errors/messageOf';
import type { AuditFilter } from './auditFilter';
import { downloadAuditCsv } from './downloadAuditCsv';

/** The log under the same filter as a CSV file (outcome aside: the export takes no outcome). */
export function DownloadCsvButton({ filter }: { filter: AuditFilter }) {
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function download() {
    setDownloading(true);
    setError(null);
    try {
      await downloadAuditCsv(filter);
    } catch (cause) {
      setError(messageOf(cause));
    } finally {
      setDownloading(false);
    }
  }

  return (
    <Stack gap="xs" align="flex-start">
      <Button variant="light" onClick={() => void download()} loading={downloading}>
        Download CSV
      </Button>
      <ErrorMessage message={error} />
    </Stack>
  );
}
