/**
 * The subscriber pages' templates (templates/site), compiled once with Handlebars in strict mode
 * (a missing field is an error, not a blank) and HTML-escaped by default. The stylesheet is served
 * as a file (/site.css), so the strict CSP needs no inline styles.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { templatesDir } from '../../common/templates-dir.js';

const PAGES = ['pricing', 'message', 'login', 'login-confirm', 'account', 'signal'] as const;
export type SitePage = (typeof PAGES)[number];

/** A page's context: its title, whether a subscriber is signed in, and its own fields. */
export type PageContext = Record<string, unknown> & { title: string; signedIn: boolean };

/** A plain message page: a heading, paragraphs, optional steps and links. */
export interface MessagePage {
  title: string;
  heading: string;
  paragraphs: string[];
  steps?: string[];
  links?: { href: string; label: string; secondary?: boolean }[];
}

export class SiteViews {
  private readonly pages: Record<SitePage, Handlebars.TemplateDelegate>;
  private readonly layout: Handlebars.TemplateDelegate;
  readonly stylesheet: string;

  constructor(dir = templatesDir('site', import.meta.url)) {
    const hb = Handlebars.create();
    const compile = (name: string) =>
      hb.compile(readFileSync(join(dir, `${name}.hbs`), 'utf8'), { strict: true });
    this.layout = compile('layout');
    this.stylesheet = readFileSync(join(dir, 'site.css'), 'utf8');
    this.pages = Object.fromEntries(PAGES.map((p) => [p, compile(p)])) as Record<
      SitePage,
      Handlebars.TemplateDelegate
    >;
  }

  render(page: SitePage, context: PageContext): string {
    const body = this.pages[page](context);
    return this.layout({ title: context.title, signedIn: context.signedIn, body });
  }

  message(m: MessagePage, signedIn: boolean): string {
    return this.render('message', { steps: [], links: [], ...m, signedIn });
  }
}
