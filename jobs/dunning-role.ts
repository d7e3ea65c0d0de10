import { createDunningProcessor, DunningService } from './dunning.job.ts';
import type { RunningRole } from './roles.ts';
import type { Runtime } from './runtime.ts';
import { startWorker } from './workers.ts';

/** Dunning: runs the daily receivables chasing (one run at a time; the run lock guards other processes). */
export function startDunningRole(runtime: Runtime): RunningRole {
  const service = DunningService.create(runtime);
  const worker = startWorker(runtime, 'dunning', createDunningProcessor(service), { concurrency: 1 });
  return {
    name: 'dunning',
    close: async () => {
      await worker.close();
      await service.close();
    },
  };
}
