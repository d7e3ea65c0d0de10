import type { Response } from 'express';
import type { DashboardSession } from './dashboard-sessions.ts';
import type { DashboardUser } from './dashboard-users.ts';

interface SignedIn {
  session: DashboardSession;
  user: DashboardUser;
}

/** Set by the log-in check for every route behind it. */
export function signIn(res: Response, value: SignedIn): void {
  res.locals.signedIn = value;
}

function signedIn(res: Response): SignedIn {
  const value = res.locals.signedIn as SignedIn | undefined;
  // Routes behind the log-in check always have it; reaching here without is a wiring mistake.
  if (!value) throw new Error('dashboard route mounted before the log-in check');
  return value;
}

export function currentUser(res: Response): DashboardUser {
  return signedIn(res).user;
}

export function currentSession(res: Response): DashboardSession {
  return signedIn(res).session;
}
