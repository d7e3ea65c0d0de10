import { describe, expect, it } from 'vitest';
import {
  EMPTY_RESULT_SETTLE_MS,
  Many2OneChoice,
  REPRESS_AFTER_MS,
  type ChoiceAction,
  type ChoiceSight,
  type ChoiceState,
} from '../../../selectors/tryton/many2one-choice.ts';

const goal = { text: 'CNY', match: 'CNY', field: 'Currency' };
const CNY_ROW = ['Chinese Yuan Renminbi', '¥', 'CNY'];
/** Looks are timed in ms after this clock reading (a real one: "no press yet" is a press at 0). */
const T0 = 1_767_000_000_000;
const none = (field: string, ms: number): ChoiceSight => ({ dialogs: 'none', field, at: T0 + ms });
const one = (rows: string[][] | undefined, ms: number): ChoiceSight => (rows === undefined ? { dialogs: 'one', at: T0 + ms } : { dialogs: 'one', rows, at: T0 + ms });
const several = (ms: number): ChoiceSight => ({ dialogs: 'several', at: T0 + ms });

/** One look and its action, the action landing `took` ms after the look. */
function step(state: ChoiceState, sight: ChoiceSight, took = 0): { state: ChoiceState; action: ChoiceAction } {
  const decided = Many2OneChoice.next(state, sight);
  return { state: Many2OneChoice.acted(decided.state, decided.action, sight.at + took), action: decided.action };
}

/** The state after F2 was pressed (at `at`) on a field that showed the text. */
function searchedAt(at: number): ChoiceState {
  return step(Many2OneChoice.start(goal), none('CNY', at)).state;
}

describe('many2one choice: getting the search dialog up', () => {
  it('types the text and presses F2 on an empty field', () => {
    const { state, action } = step(Many2OneChoice.start(goal), none('', 1_000));
    expect(action).toBe('retypeAndSearch');
    expect(state).toMatchObject({ name: 'searching', search: 1, pressedAt: T0 + 1_000 });
  });

  it('clears a field holding a record before typing (sao swallows the first key over one: CNY became NY)', () => {
    expect(step(Many2OneChoice.start(goal), none('Euro', 1_000)).action).toBe('retypeAndSearch');
    expect(step(Many2OneChoice.start(goal), none('NY', 1_000)).action).toBe('retypeAndSearch');
  });

  it('only presses F2 when the field already shows the text', () => {
    expect(step(Many2OneChoice.start(goal), none('CNY', 1_000)).action).toBe('search');
  });

  it('stamps a press when it lands, not when it was decided', () => {
    expect(step(Many2OneChoice.start(goal), none('', 1_000), 1_500).state).toMatchObject({ pressedAt: T0 + 2_500 });
  });

  it('leaves the field alone while the dialog of a recent F2 may still come, then presses again', () => {
    const pressed = searchedAt(1_000);
    for (const at of [1_000, 1_500, 1_000 + REPRESS_AFTER_MS - 1]) expect(step(pressed, none('CNY', at)).action, `at ${at}`).toBe('wait');
    expect(step(pressed, none('CNY', 1_000 + REPRESS_AFTER_MS)).action).toBe('search');
    expect(step(pressed, none('', 1_000 + REPRESS_AFTER_MS)).action).toBe('retypeAndSearch');
  });

  it('cancels the newest of two stacked dialogs (a swallowed F2 answered twice) and waits for the press to land', () => {
    const { state, action } = step(searchedAt(1_000), several(1_800), 100);
    expect(action).toBe('cancelExtraDialog');
    expect(state).toMatchObject({ name: 'searching', pressedAt: T0 + 1_900 });
    expect(step(state, none('CNY', 2_000)).action).toBe('wait');
  });
});

describe('many2one choice: reading the search list', () => {
  it('reads the list of an open dialog while searching', () => {
    expect(Many2OneChoice.readsList(searchedAt(1_000))).toBe(true);
    expect(step(searchedAt(1_000), one(undefined, 1_200)).action).toBe('wait');
  });

  it('chooses the one row showing the match and then confirms', () => {
    const { state, action } = step(searchedAt(1_000), one([['US Dollar', '$', 'USD'], CNY_ROW], 1_200), 50);
    expect(action).toBe('chooseRow');
    expect(state).toMatchObject({ name: 'confirming', pressedAt: T0 + 1_250 });
  });

  it('matches a whole cell only', () => {
    const { action } = step(searchedAt(1_000), one([['CNYX'], ['Renminbi CNY']], 1_200));
    expect(action).toBe('wait');
  });

  it('waits for an empty list to stay empty before believing it', () => {
    let state = searchedAt(1_000);
    for (const at of [1_200, 1_400, 1_200 + EMPTY_RESULT_SETTLE_MS - 1]) {
      const looked = step(state, one([], at));
      expect(looked.action, `at ${at}`).toBe('wait');
      state = looked.state;
    }
    expect(step(state, one([], 1_200 + EMPTY_RESULT_SETTLE_MS)).action).toBe('cancelDialog');
  });

  it('starts the quiet spell again whenever the list changes', () => {
    let state = step(searchedAt(1_000), one([], 1_200)).state;
    state = step(state, one([['Euro', '€', 'EUR']], 2_000)).state;
    expect(step(state, one([['Euro', '€', 'EUR']], 1_200 + EMPTY_RESULT_SETTLE_MS)).action).toBe('wait');
    expect(step(state, one([['Euro', '€', 'EUR']], 2_000 + EMPTY_RESULT_SETTLE_MS)).action).toBe('cancelDialog');
  });

  it('takes a row a slow search shows late', () => {
    const state = step(searchedAt(1_000), one([], 1_200)).state;
    expect(step(state, one([CNY_ROW], 2_000)).action).toBe('chooseRow');
  });
});

describe('many2one choice: "no such record" takes two searches', () => {
  const settledEmpty = (state: ChoiceState, from: number): ReturnType<typeof step> => step(step(state, one([], from)).state, one([], from + EMPTY_RESULT_SETTLE_MS));

  it('searches again after the first empty list, at once', () => {
    const first = settledEmpty(searchedAt(1_000), 1_200);
    expect(first.action).toBe('cancelDialog');
    expect(first.state).toMatchObject({ name: 'searching', search: 2, pressedAt: 0, listed: '' });
    expect(step(first.state, none('CNY', 2_800)).action).toBe('search');
  });

  it('refuses when the second search is empty too', () => {
    const again = settledEmpty(searchedAt(1_000), 1_200).state;
    const second = settledEmpty(step(again, none('CNY', 3_000)).state, 3_200);
    expect(second.action).toBe('cancelDialog');
    expect(second.state).toEqual({ name: 'refused', message: 'Tryton offers no Currency "CNY"' });
    expect(Many2OneChoice.outcome(second.state)).toEqual({ kind: 'refused', messages: ['Tryton offers no Currency "CNY"'] });
  });

  it('refuses several matching rows at once, on the first search', () => {
    const product = Many2OneChoice.start({ text: 'P-1', match: 'P-1', field: 'Product' });
    const { state, action } = step(step(product, none('P-1', 1_000)).state, one([['P-1', 'Fund'], ['P-1', 'Bond']], 1_200));
    expect(action).toBe('cancelDialog');
    expect(state).toEqual({ name: 'refused', message: 'Tryton offers 2 records "P-1" for Product' });
  });

  it('keeps cancelling a dialog a failed Cancel left after the refusal, and never works the field again', () => {
    const refused: ChoiceState = { name: 'refused', message: 'Tryton offers no Currency "CNY"' };
    expect(Many2OneChoice.readsList(refused)).toBe(false);
    expect(Many2OneChoice.next(refused, one(undefined, 9_000))).toEqual({ state: refused, action: 'cancelDialog' });
    expect(Many2OneChoice.next(refused, several(9_000)).action).toBe('cancelExtraDialog');
    expect(Many2OneChoice.next(refused, none('', 9_000)).action).toBe('wait');
  });
});

describe('many2one choice: after OK', () => {
  const confirming = (): ChoiceState => step(searchedAt(1_000), one([CNY_ROW], 1_200)).state;

  it('leaves the closing dialog unread', () => {
    expect(Many2OneChoice.readsList(confirming())).toBe(false);
    expect(step(confirming(), one(undefined, 1_300)).action).toBe('wait');
  });

  it("waits for the record's name to replace the typed text (F2 at once chose the record twice)", () => {
    for (const field of ['CNY', '']) expect(step(confirming(), none(field, 1_500)).action, field).toBe('wait');
    const { state, action } = step(confirming(), none('Chinese Yuan Renminbi', 1_500));
    expect(action).toBe('wait');
    expect(Many2OneChoice.outcome(state)).toEqual({ kind: 'shown', screen: 'Chinese Yuan Renminbi' });
  });

  it('works the field again when it stays as it was (an on_change cleared it, the OK was lost)', () => {
    const later = 1_200 + REPRESS_AFTER_MS;
    expect(step(confirming(), none('CNY', later))).toMatchObject({ action: 'search', state: { name: 'searching', search: 1 } });
    expect(step(confirming(), none('', later)).action).toBe('retypeAndSearch');
  });

  it('still cancels a stacked dialog, staying in confirmation', () => {
    const { state, action } = step(confirming(), several(1_300));
    expect(action).toBe('cancelExtraDialog');
    expect(state).toMatchObject({ name: 'confirming', pressedAt: T0 + 1_300 });
  });

  it('has no outcome while working', () => {
    expect(Many2OneChoice.outcome(Many2OneChoice.start(goal))).toBeUndefined();
    expect(Many2OneChoice.outcome(confirming())).toBeUndefined();
  });
});

describe('many2one choice: a whole choice against a scripted sao', () => {
  it('clears the default currency, searches, chooses and ends on the name', () => {
    const script: ChoiceSight[] = [
      none('Euro', 0),
      none('CNY', 500),
      one([], 900),
      one([CNY_ROW], 1_100),
      one(undefined, 1_200),
      none('CNY', 1_300),
      none('Chinese Yuan Renminbi', 1_600),
    ];
    let state = Many2OneChoice.start(goal);
    const actions: ChoiceAction[] = [];
    for (const sight of script) {
      const looked = step(state, sight);
      actions.push(looked.action);
      state = looked.state;
    }
    expect(actions).toEqual(['retypeAndSearch', 'wait', 'wait', 'chooseRow', 'wait', 'wait', 'wait']);
    expect(Many2OneChoice.outcome(state)).toEqual({ kind: 'shown', screen: 'Chinese Yuan Renminbi' });
  });
});
