import type { Settings } from '../config/settings-schema.ts';
import { ConfigError } from '../core/config/load-settings.ts';
import { AcmeSuiteTarget } from './acme-suite/acme-suite-target.ts';
import type { CrmTarget } from './crm-target.ts';
import { TrytonTarget } from './tryton/tryton-target.ts';

/**
 * The target config chooses (`crm.target`), with the account the bots sign in with. The one place
 * that names the targets; adding one means a case here and its page objects in selectors/<system>/.
 */
export function crmTargetFor(crm: Settings['crm'], screenTimeoutMs: number, purpose: string): CrmTarget {
  if (!crm.url || !crm.user || !crm.password) {
    throw new ConfigError(`config error: crm: CRM_URL, CRM_USER and CRM_PASSWORD are required to ${purpose}`);
  }
  const account = { url: crm.url, user: crm.user, password: crm.password };
  switch (crm.target) {
    case 'acme-suite':
      return new AcmeSuiteTarget(account, screenTimeoutMs);
    case 'tryton':
      if (!crm.database) throw new ConfigError('config error: crm.database: CRM_DATABASE (the Tryton database) is required for the tryton target');
      return new TrytonTarget({ ...account, database: crm.database }, screenTimeoutMs);
  }
}
