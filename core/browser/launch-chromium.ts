import { existsSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

/** Where Debian's `chromium` package puts the browser; Playwright cannot download its own here. */
const DEBIAN_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * Flags that keep Chromium quiet on a closed network. Without the background-networking ones it keeps
 * dialling Google's hosts and floods the log with refused connections.
 */
const QUIET_FLAGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function resolveChromiumPath(configured?: string): string {
  if (configured) {
    if (!existsSync(configured)) throw new Error(`browser.chromiumPath: no browser at ${configured}`);
    return configured;
  }
  const found = DEBIAN_CHROMIUM_PATHS.find((p) => existsSync(p));
  if (!found) {
    throw new Error(`No Chromium found at ${DEBIAN_CHROMIUM_PATHS.join(' or ')}; run scripts/bootstrap`);
  }
  return found;
}

export interface ChromiumLaunchOptions {
  chromiumPath?: string;
  headless?: boolean;
  extra?: Omit<LaunchOptions, 'executablePath' | 'headless' | 'args'>;
}

export async function launchChromium(options: ChromiumLaunchOptions = {}): Promise<Browser> {
  const args = [...QUIET_FLAGS];
  // Chromium refuses to start its sandbox as root; the CI and dev machines run as root.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return chromium.launch({
    ...options.extra,
    executablePath: resolveChromiumPath(options.chromiumPath),
    headless: options.headless ?? true,
    args,
  });
}
