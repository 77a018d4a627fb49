/**
 * Headless Chromium for the report tests: Debian's `chromium` at /usr/bin/chromium (installed by
 * scripts/setup-browser.sh, which `npm test` runs first), driven by playwright-core. Never
 * downloads a browser; when it cannot start, the error says why and how to fix it.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { type BrowserContext, chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** Starts headless Chromium with a fresh profile. @throws Error naming the reason and the fix. */
export async function launch(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run 'bash scripts/setup-browser.sh' (as root; 'npm test' runs it first)`);
  }
  const profile = mkdtempSync(join(tmpdir(), "bs-chromium-"));
  try {
    return await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 1400 },
      args: [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
    });
  } catch (err) {
    throw new Error(`headless Chromium (${CHROMIUM}) did not start: ${(err as Error).message.split("\n")[0]}`);
  }
}
