import type { AcmeTab } from './acme-tab.ts';
import { outcomeOf, type ScreenOutcome } from './screen-arrival.ts';

const BUSINESS_DATE = /\d{4}-\d{2}-\d{2}/;

/** The home page after login: the suite's business date and the main menu. */
export class HomePage {
  private constructor(private readonly tab: AcmeTab) {}

  static onScreen(tab: AcmeTab): HomePage {
    return new HomePage(tab);
  }

  static async open(tab: AcmeTab): Promise<ScreenOutcome<HomePage>> {
    return outcomeOf(await tab.open('/Default.aspx'), 'home', undefined, () => new HomePage(tab));
  }

  /** The CRM's business date (YYYY-MM-DD): value dates before it are refused. */
  async businessDate(): Promise<string> {
    const text = await this.tab.text('home', 'businessDate');
    const date = BUSINESS_DATE.exec(text)?.[0];
    if (!date) throw new Error(`home page shows no business date: "${text}"`);
    return date;
  }
}
