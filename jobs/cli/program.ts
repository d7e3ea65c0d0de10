import { Command } from 'commander';
import { registerAuditCommands } from './audit-command.ts';
import { registerDashboardCommand } from './dashboard-command.ts';
import { registerDemoCommand } from './demo-command.ts';
import { registerDunningCommands } from './dunning-command.ts';
import { registerImportCommand } from './import-command.ts';
import { registerRulesCommand } from './rules-command.ts';
import { registerSelectorsCommand } from './selectors-command.ts';
import { registerStackCommands } from './stack-up-command.ts';
import { registerStartCommand } from './start-command.ts';

export function buildProgram(): Command {
  const program = new Command('orderdesk')
    .description('OrderDesk: order-desk automation bots for the back office')
    .option('--config <path>', 'settings file (default config/orderdesk.yaml)')
    .showHelpAfterError();
  registerStackCommands(program);
  registerDemoCommand(program);
  registerImportCommand(program);
  registerRulesCommand(program);
  registerAuditCommands(program);
  registerStartCommand(program);
  registerDashboardCommand(program);
  registerSelectorsCommand(program);
  registerDunningCommands(program);
  return program;
}
