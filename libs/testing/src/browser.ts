import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { REPO_ROOT } from './service-process';

const CHROMIUM = '/usr/bin/chromium';

/** Where browser tests save their screenshots (test-artifacts is kept out of git). */
export const SCREENSHOTS = join(REPO_ROOT, 'test-artifacts', 'screenshots');

/** Debian's Chromium, headless; `apt-get install -y chromium` if it is missing (npm test does). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
