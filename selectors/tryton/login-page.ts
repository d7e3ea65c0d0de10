import type { SaoTab } from './sao-tab.ts';
import type { TrytonOutcome } from './tryton-outcome.ts';

/** sao after log-in: the menu and the "Action" search box; screens are opened from here. */
export class TrytonHome {
  private constructor(private readonly tab: SaoTab) {}

  static onScreen(tab: SaoTab): TrytonHome {
    return new TrytonHome(tab);
  }

  get sao(): SaoTab {
    return this.tab;
  }
}

/**
 * sao's log-in: a "Login" dialog (database, user name), then a second one asking the password for
 * that user. sao presets the database when the server has one (its label points at a hidden select,
 * so it has no usable handle); the database is also in every screen address we open.
 */
export class TrytonLoginPage {
  private constructor(private readonly tab: SaoTab) {}

  static async open(tab: SaoTab): Promise<TrytonOutcome<TrytonLoginPage>> {
    const failed = await tab.load();
    if (failed) return failed;
    const dialog = tab.dialog('login');
    const shown = await tab.until('the log-in dialog', async () => ((await tab.locate('login', 'userName', dialog).count()) === 1 ? true : undefined));
    return shown ?? { kind: 'shown', screen: new TrytonLoginPage(tab) };
  }

  /**
   * Signs in and waits for the menu; a wrong password comes back as Tryton's refusal. sao keeps the
   * session of the last user in the browser: when it is still good, naming that user again goes
   * straight to the menu, without asking the password.
   */
  async logIn(user: string, password: string): Promise<TrytonOutcome<TrytonHome>> {
    const dialog = this.tab.dialog('login');
    await this.tab.fill('login', 'userName', user, dialog);
    await this.tab.click('login', 'logIn', dialog);
    let signedIn = false;
    const asked = await this.tab.until(
      'the password prompt',
      async () => {
        if ((await this.tab.locate('login', 'password').count()) === 1) return true;
        signedIn = (await this.tab.locate('home', 'actionSearch').count()) === 1 && (await dialog.count()) === 0;
        return signedIn ? true : undefined;
      },
      { whileLoggingIn: true },
    );
    if (asked) return asked;
    if (signedIn) return { kind: 'shown', screen: TrytonHome.onScreen(this.tab) };
    const prompt = this.tab.dialogHaving('login', 'password');
    await this.tab.fill('login', 'password', password, prompt);
    await this.tab.click('login', 'ok', prompt);
    const home = await this.tab.until('the menu', async () => ((await this.tab.locate('home', 'actionSearch').count()) === 1 ? true : undefined), { whileLoggingIn: true });
    return home ?? { kind: 'shown', screen: TrytonHome.onScreen(this.tab) };
  }
}
