import type { TestProject } from 'vitest/node';
import { LocalStack, type StackInfo } from '../../fixtures/local-stack/index.ts';
import { TrytonLauncher } from './helpers/tryton-launcher.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo;
    /** Where a Tryton test file asks for its database (see TrytonLauncher); Tryton starts on the first ask. */
    trytonLauncher: string;
  }
}

/**
 * One local stack for the whole integration run; every test file gets its address book by inject('stack').
 * One Tryton too, started only when a Tryton file asks for it (most runs of a single file never do).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await LocalStack.start();
  let tryton: TrytonLauncher;
  try {
    tryton = await TrytonLauncher.start();
  } catch (error) {
    await stack.close();
    throw error;
  }
  project.provide('stack', stack.info());
  project.provide('trytonLauncher', tryton.url);
  return async () => {
    const stopped = await Promise.allSettled([tryton.close(), stack.close()]);
    const failed = stopped.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0) throw new AggregateError(failed.map((f) => f.reason as unknown), 'integration teardown: some steps failed');
  };
}
