import type { AcmeTab } from './acme-tab.ts';
import { HomePage } from './home-page.ts';
import { outcomeOf, type ScreenOutcome } from './screen-arrival.ts';

/** The login screen. Logging in always starts here, so the suite lands on its home page afterwards. */
export class LoginPage {
  private constructor(private readonly tab: AcmeTab) {}

  static async open(tab: AcmeTab): Promise<ScreenOutcome<LoginPage>> {
    const arrival = await tab.open('/Login.aspx');
    // An expired session also shows the login screen, with the "session has expired" notice.
    if (arrival.kind === 'session_expired') return { kind: 'shown', screen: new LoginPage(tab) };
    return outcomeOf(arrival, 'login', 'login', () => new LoginPage(tab));
  }

  /** Signs in; wrong credentials come back as a refusal with the suite's message. */
  async logIn(user: string, password: string): Promise<ScreenOutcome<HomePage>> {
    await this.tab.fill('login', 'userName', user);
    await this.tab.fill('login', 'password', password);
    const arrival = await this.tab.press('login', 'logIn');
    return outcomeOf(arrival, 'home', 'login', () => HomePage.onScreen(this.tab));
  }
}
