import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

const PAGES = ['login', 'overview', 'panel'] as const;
export type AdminPage = (typeof PAGES)[number];

/** templates/admin, found by walking up from this file (works from src/ and dist/src/). */
function templatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 7; i++) {
    const candidate = join(dir, 'templates', 'admin');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('templates/admin not found');
}

/** The portal's pages, compiled once (strict: a missing field is an error, not a blank). */
export class AdminViews {
  private readonly pages: Record<AdminPage, Handlebars.TemplateDelegate>;
  private readonly layout: Handlebars.TemplateDelegate;
  /** The portal's stylesheet, served as a file so the CSP needs no inline styles. */
  readonly stylesheet: string;

  constructor(dir = templatesDir()) {
    const hb = Handlebars.create();
    const compile = (name: string) =>
      hb.compile(readFileSync(join(dir, `${name}.hbs`), 'utf8'), { strict: true });
    this.layout = compile('layout');
    this.stylesheet = readFileSync(join(dir, 'portal.css'), 'utf8');
    this.pages = Object.fromEntries(PAGES.map((p) => [p, compile(p)])) as Record<
      AdminPage,
      Handlebars.TemplateDelegate
    >;
  }

  render(page: AdminPage, context: Record<string, unknown> & { title: string }): string {
    const body = this.pages[page](context);
    return this.layout({ title: context.title, body, nav: context.nav ?? [] });
  }
}
