import { BranchDirectory, BranchDirectoryCheck, CrmFactsDesk, type ReviewDeps } from '../bots/review/index.ts';
import { BrowserPool } from '../core/browser/browser-pool.ts';
import { ConfigError } from '../core/config/load-settings.ts';
import { crmTargetFor } from '../selectors/crm-targets.ts';
import { approvalDeskFor, loadApprovalSetup, type ApprovalSetup } from './approval-setup.ts';
import { createReviewProcessor } from './review.job.ts';
import type { RunningRole } from './roles.ts';
import type { Runtime } from './runtime.ts';
import { startWorker } from './workers.ts';

/** Orders reviewed at once; they share the one browser context, so more mostly wait on it. */
const REVIEW_CONCURRENCY = 4;

/**
 * Review: reads each received order's customer and product from the CRM (one browser context for the
 * process, facts cached for `review.factsMaxAgeMinutes`), resolves its branch through config/branches.yaml,
 * and routes it by config/approval-rules.yaml. With `review.factsSource: sheet` it routes on the sheet's
 * claims alone. `setup` defaults to the configured files, parsed now.
 */
export function startReviewRole(runtime: Runtime, setup: ApprovalSetup = loadApprovalSetup(runtime.settings)): RunningRole {
  const { review, crm, browser, dataDir } = runtime.settings;
  let pool: BrowserPool | undefined;
  let facts: ReviewDeps['crm'];
  const target = review.factsSource === 'crm' ? crmTargetFor(crm, review.screenTimeoutMs, "review orders on the CRM's facts") : undefined;
  const readerFor = target?.factsReaderFor?.bind(target);
  if (target && !readerFor) {
    // Until every target reads facts, one without a reader keeps review working on the claims, loudly:
    // every order's stored facts say `source: sheet`, and this line is in the log at every start.
    runtime.log.error({ target: target.name }, `the ${target.name} target cannot read customer and product facts yet: review routes on the sheet's claims`);
  }
  if (target && readerFor) {
    const branches = review.branchesFile ? BranchDirectory.load(review.branchesFile) : BranchDirectory.load();
    // One branch directory: a branch config/approvers.yaml names must be one review can resolve orders to.
    for (const code of Object.keys(setup.directory.config.branches)) {
      if (branches.resolve(code).kind !== 'found') throw new ConfigError(`config error: ${setup.directory.source}: branches.${code}: not a branch code of ${branches.source}`);
    }
    pool = new BrowserPool({
      ...(browser.chromiumPath ? { chromiumPath: browser.chromiumPath } : {}),
      headless: browser.headless,
      size: 1,
      actionTimeoutMs: review.screenTimeoutMs,
      blockAssets: !target.needsStylesheets,
      log: runtime.log,
    });
    const desk = new CrmFactsDesk({ pool, readerFor, maxAgeMs: review.factsMaxAgeMinutes * 60_000, dataDir });
    const check = new BranchDirectoryCheck(desk, branches);
    facts = { facts: desk, branches, check };
    // At start-up, so a directory that disagrees with the CRM is in the log before the first order; a
    // CRM that cannot be asked now is asked again before the first review.
    void check.disagreements().then(
      (wrong) => (wrong.length > 0 ? runtime.log.error({ disagreements: wrong }, 'branch directory disagrees with the CRM; review waits until it is fixed') : undefined),
      (error: unknown) => runtime.log.warn({ err: (error as Error).message }, 'could not check the branch directory against the CRM yet'),
    );
  }
  const worker = startWorker(runtime, 'review', createReviewProcessor(runtime, setup.rules, approvalDeskFor(runtime, setup), facts), { concurrency: REVIEW_CONCURRENCY });
  let closing: Promise<void> | undefined;
  return {
    name: 'review',
    close: () => {
      closing ??= (async () => {
        await Promise.allSettled([worker.close()]);
        await pool?.close();
      })();
      return closing;
    },
  };
}
