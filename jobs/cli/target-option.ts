import { Option } from 'commander';

/** `--target`: which CRM/ERP the local stack runs and the bots work on (default: config's crm.target). */
export function crmTargetOption(): Option {
  return new Option('--target <system>', 'the CRM/ERP to run: acme-suite or tryton (default: crm.target in the settings)').choices(['acme-suite', 'tryton']);
}
