import { join } from 'node:path';

/** Built ahead by `npm run build` (bundle-workflows.ts), so a runner starts in a second. */
export const WORKFLOW_BUNDLE_PATH = join(__dirname, 'workflow-bundle.js');
