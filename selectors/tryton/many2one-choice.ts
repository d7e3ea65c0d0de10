import type { TrytonOutcome } from './tryton-outcome.ts';

/**
 * Choosing a record in a sao many2one field, as pure logic: what to do next from what sao shows. sao can
 * undo any step (a redraw wipes the typed text, a swallowed F2 is answered twice and stacks a second
 * dialog, an on_change clears the chosen value), so every look at the screen is judged afresh rather
 * than assumed to follow the last action. The driver on a real tab is Many2OneChooser.
 */

/** A key press sao swallowed (busy redrawing) is repeated after this long; until then its dialog may still come. */
export const REPRESS_AFTER_MS = 2_000;
/** A list that has stayed the same this long without the row looked for does not have it. */
export const EMPTY_RESULT_SETTLE_MS = 1_500;
/**
 * The chooser's budget in screen timeouts. A refusal takes two searches, so it gets two screens' time:
 * with one, a loaded CI run turned "no such currency" into no answer.
 */
export const CHOICE_SCREENS = 2;

export interface Many2OneGoal {
  /** What is typed into the field for sao to search with. */
  text: string;
  /** The cell text of the one search row to choose. */
  match: string;
  /** The field as the clerk sees it ("Currency"), for the refusal. */
  field: string;
}

interface Working {
  goal: Many2OneGoal;
  /** The second search, after the first's list settled empty: only this one may refuse for "none". */
  search: 1 | 2;
  /** When the last F2, OK or extra Cancel landed (0: none), so a dialog on its way is not asked for twice. */
  pressedAt: number;
  /** The search dialog's rows as last read, and since when unchanged. */
  listed: string;
  listedSince: number;
}

export type ChoiceState =
  /** Getting the search dialog up (typing the text and pressing F2) and reading its list for the row. */
  | ({ name: 'searching' } & Working)
  /** OK pressed on the row: waiting for the dialog to close and the record's name to replace the typed text. */
  | ({ name: 'confirming' } & Working)
  | { name: 'chosen'; shown: string }
  | { name: 'refused'; message: string };

/** What sao shows at one look: several search dialogs, none (and the field's text), or one (and its rows, when read). */
export type ChoiceSight =
  | { dialogs: 'several'; at: number }
  | { dialogs: 'none'; field: string; at: number }
  | { dialogs: 'one'; rows?: string[][]; at: number };

export type ChoiceAction =
  | 'wait'
  /** Cancel the newest of the stacked dialogs. */
  | 'cancelExtraDialog'
  /** Clear the field with a Backspace of its own, type the text, press F2. */
  | 'retypeAndSearch'
  /** Press F2 on the field, which already shows the text. */
  | 'search'
  /** Click the matching cell itself (other cells may be links sao opens in a new tab), then OK. */
  | 'chooseRow'
  /** Cancel the one dialog: to search again, or after a refusal. */
  | 'cancelDialog';

export interface ChoiceStep {
  /** The state to hold from now on, whether or not the action then succeeds. */
  state: ChoiceState;
  action: ChoiceAction;
}

export const Many2OneChoice = {
  start(goal: Many2OneGoal): ChoiceState {
    return { name: 'searching', goal, search: 1, pressedAt: 0, listed: '', listedSince: 0 };
  },

  /** Whether a look at one open dialog reads its rows (a dialog closing after OK is left alone). */
  readsList(state: ChoiceState): boolean {
    return state.name === 'searching';
  },

  next(state: ChoiceState, sight: ChoiceSight): ChoiceStep {
    if (state.name === 'chosen') return { state, action: 'wait' };
    // A cancel that failed is tried again; the refusal stands.
    if (state.name === 'refused') return { state, action: sight.dialogs === 'several' ? 'cancelExtraDialog' : sight.dialogs === 'one' ? 'cancelDialog' : 'wait' };
    if (sight.dialogs === 'several') return { state, action: 'cancelExtraDialog' };
    if (sight.dialogs === 'none') return withoutDialog(state, sight.field, sight.at);
    if (state.name === 'confirming' || sight.rows === undefined) return { state, action: 'wait' };
    return readList(state, sight.rows, sight.at);
  },

  /** The state once `action` has succeeded at `at`: presses are stamped when they land, not when decided. */
  acted(state: ChoiceState, action: ChoiceAction, at: number): ChoiceState {
    if (state.name === 'chosen' || state.name === 'refused') return state;
    switch (action) {
      case 'wait':
        return state;
      case 'cancelExtraDialog':
      case 'retypeAndSearch':
      case 'search':
        return { ...state, pressedAt: at };
      case 'chooseRow':
        return { ...state, name: 'confirming', pressedAt: at };
      case 'cancelDialog':
        // Cancelled to search again: nothing is on its way, so the field is worked at the next look.
        return { ...state, pressedAt: 0 };
    }
  },

  /** What the choice came to, once it has come to something. */
  outcome(state: ChoiceState): TrytonOutcome<string> | undefined {
    if (state.name === 'chosen') return { kind: 'shown', screen: state.shown };
    if (state.name === 'refused') return { kind: 'refused', messages: [state.message] };
    return undefined;
  },
};

type WorkingState = Extract<ChoiceState, Working>;

function withoutDialog(state: WorkingState, field: string, at: number): ChoiceStep {
  let working = state;
  if (working.name === 'confirming') {
    if (field !== '' && field !== working.goal.text) return { state: { name: 'chosen', shown: field }, action: 'wait' };
    // The record's name replaces the typed text a moment after OK; only a field that stays as it was (an
    // on_change cleared it, the OK was lost) is worked again: pressing F2 at once chose the record twice.
    if (at - working.pressedAt < REPRESS_AFTER_MS) return { state: working, action: 'wait' };
    working = { ...working, name: 'searching' };
  }
  // The dialog of a recent F2 may be on its way; a click on the field now would wait behind it.
  if (at - working.pressedAt < REPRESS_AFTER_MS) return { state: working, action: 'wait' };
  // Typed, not filled: sao forgets the record a field holds only on a key press that changes its text, and
  // F2 on a field still holding one opens that record instead of the search.
  return { state: working, action: field === working.goal.text ? 'search' : 'retypeAndSearch' };
}

function readList(state: WorkingState, rows: string[][], at: number): ChoiceStep {
  const { goal } = state;
  const matching = rows.filter((cells) => cells.includes(goal.match)).length;
  if (matching === 1) return { state, action: 'chooseRow' };
  // The dialog opens before its search answers: wait for the row, or for a list that stays without it.
  const shown = JSON.stringify(rows);
  const read = shown === state.listed ? state : { ...state, listed: shown, listedSince: at };
  if (matching === 0 && at - read.listedSince < EMPTY_RESULT_SETTLE_MS) return { state: read, action: 'wait' };
  // A slow search also looks like "none" for a while: "none" counts only when a second search says so.
  if (matching === 0 && read.search === 1) return { state: { ...read, search: 2, listed: '' }, action: 'cancelDialog' };
  const message = matching === 0 ? `Tryton offers no ${goal.field} "${goal.match}"` : `Tryton offers ${matching} records "${goal.match}" for ${goal.field}`;
  return { state: { name: 'refused', message }, action: 'cancelDialog' };
}
