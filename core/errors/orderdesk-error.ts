/**
 * The one base error. `code` is a stable string that logs, audit entries and tests match on.
 * Business refusals are marked `business: true`; the queue layer turns those into BullMQ's
 * UnrecoverableError so they are never retried, while system faults are thrown plainly and retried.
 */
export class OrderDeskError extends Error {
  readonly code: string;
  readonly business: boolean;

  constructor(code: string, message: string, options: { business?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OrderDeskError';
    this.code = code;
    this.business = options.business ?? false;
  }
}
