import type { Keyboard, Locator } from 'playwright-core';
import type { TrytonLocatorKey, TrytonScreenName } from './locator-map.ts';
import { CHOICE_SCREENS, Many2OneChoice, type ChoiceAction, type ChoiceSight, type ChoiceState, type Many2OneGoal } from './many2one-choice.ts';
import type { TrytonInterruption, TrytonOutcome } from './tryton-outcome.ts';

/** What the chooser does on sao, all through the tab (named here so that the tab and the chooser do not import each other). */
export interface ChooserTab {
  readonly options: { screenTimeoutMs: number };
  dialog(screen: 'searchDialog'): Locator;
  value<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, scope?: Locator): Promise<string>;
  click<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, scope?: Locator): Promise<void>;
  press<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, keys: string, scope?: Locator): Promise<void>;
  grid(scope: Locator, screen: 'searchDialog'): Promise<{ rows: string[][] }>;
  until(what: string, check: () => Promise<true | undefined>, options: { screens: number }): Promise<TrytonInterruption | undefined>;
}

/** A many2one field on a sao screen: its locator, and the dialog or tab it sits in. */
export interface Many2OneField<S extends TrytonScreenName> {
  screen: S;
  key: TrytonLocatorKey<S>;
  scope?: Locator;
}

/**
 * Chooses a record in a many2one field: types the text and presses F2, which opens sao's "Search …"
 * dialog filtered by it (Tab does too, but not while sao's completion drop-down is open: a race), where
 * the row showing the match exactly is chosen. One loop looks at sao, asks Many2OneChoice what to do,
 * and does it. Resolves when the field holds the record (its name), or as a refusal when no row (after
 * two searches) or more than one shows the match.
 */
export class Many2OneChooser<S extends TrytonScreenName> {
  private readonly dialog: Locator;

  constructor(
    private readonly tab: ChooserTab,
    private readonly keyboard: Keyboard,
    private readonly field: Many2OneField<S>,
  ) {
    this.dialog = tab.dialog('searchDialog');
  }

  async choose(goal: Many2OneGoal): Promise<TrytonOutcome<string>> {
    let state = Many2OneChoice.start(goal);
    let outcome: TrytonOutcome<string> | undefined;
    const failed = await this.tab.until(
      `${this.field.key} to hold "${goal.match}"`,
      async () => {
        const step = Many2OneChoice.next(state, await this.look(state));
        // Held before acting: what the step decided stands even if its action fails and the loop looks again.
        state = step.state;
        await this.act(step.action, goal);
        state = Many2OneChoice.acted(state, step.action, Date.now());
        outcome = Many2OneChoice.outcome(state);
        return outcome ? true : undefined;
      },
      { screens: CHOICE_SCREENS },
    );
    // The wait ends well only once the check has set the outcome.
    return failed ?? (outcome as TrytonOutcome<string>);
  }

  private async look(state: ChoiceState): Promise<ChoiceSight> {
    const open = await this.dialog.count();
    if (open > 1) return { dialogs: 'several', at: Date.now() };
    if (open === 0) {
      const field = await this.tab.value(this.field.screen, this.field.key, this.field.scope);
      return { dialogs: 'none', field, at: Date.now() };
    }
    if (!Many2OneChoice.readsList(state)) return { dialogs: 'one', at: Date.now() };
    const { rows } = await this.tab.grid(this.dialog, 'searchDialog');
    return { dialogs: 'one', rows, at: Date.now() };
  }

  private async act(action: ChoiceAction, goal: Many2OneGoal): Promise<void> {
    const { screen, key, scope } = this.field;
    switch (action) {
      case 'wait':
        return;
      case 'cancelExtraDialog':
        return this.tab.click('searchDialog', 'cancel', this.dialog.last());
      case 'retypeAndSearch':
        // sao swallows the first key press over a record it holds (typing "CNY" over a currency left "NY"),
        // so the field is cleared by a Backspace of its own before the text is typed.
        await this.tab.click(screen, key, scope);
        await this.keyboard.press('Control+A');
        await this.keyboard.press('Backspace');
        await this.keyboard.type(goal.text);
        return this.tab.press(screen, key, 'F2', scope);
      case 'search':
        return this.tab.press(screen, key, 'F2', scope);
      case 'chooseRow':
        await this.dialog.getByRole('cell', { name: goal.match, exact: true }).click({ timeout: this.tab.options.screenTimeoutMs });
        return this.tab.click('searchDialog', 'ok', this.dialog);
      case 'cancelDialog':
        return this.tab.click('searchDialog', 'cancel', this.dialog);
    }
  }
}
