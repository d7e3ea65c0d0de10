import type { TestProject } from 'vitest/node';
import { LocalStack, type StackInfo } from '../../fixtures/local-stack/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}

/** One local stack for the whole integration run; every test file gets its address book by inject('stack'). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await LocalStack.start();
  project.provide('stack', stack.info());
  return () => stack.close();
}
