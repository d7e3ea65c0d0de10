/**
 * What a business verb on sao came to. A refusal is the ERP's own answer to our input (a UserError or
 * UserWarning box, with Tryton's message); everything else is system trouble for the caller to retry.
 */
export type TrytonOutcome<T> =
  | { kind: 'shown'; screen: T }
  | { kind: 'refused'; messages: string[] }
  /** sao's "Application Error" box: trytond raised something that is not a business message. */
  | { kind: 'erp_error'; detail: string }
  /** Nothing the verb waits for appeared in time (a lost server, a hung request). */
  | { kind: 'no_response'; detail: string }
  /** sao asked for the password again. */
  | { kind: 'session_expired' };

export type TrytonInterruption = Exclude<TrytonOutcome<never>, { kind: 'shown' }>;

export function describeOutcome(outcome: TrytonInterruption): string {
  switch (outcome.kind) {
    case 'refused':
      return outcome.messages.join(' — ');
    case 'erp_error':
      return `application error: ${outcome.detail}`;
    case 'no_response':
      return `no response: ${outcome.detail}`;
    case 'session_expired':
      return 'session expired';
  }
}
