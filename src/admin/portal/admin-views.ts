import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

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

const PAGE_NAME = /^[a-z][a-z0-9-]{0,60}$/;

/**
 * The portal's templates (templates/admin/<page>.hbs inside layout.hbs), each compiled once on
 * first use (strict: a missing field is an error, not a blank).
 */
export class AdminViews {
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private readonly hb = Handlebars.create();
  private readonly layout: Handlebars.TemplateDelegate;
  /** The portal's stylesheet, served as a file so the CSP needs no inline styles. */
  readonly stylesheet: string;

  constructor(private readonly dir = templatesDir()) {
    this.layout = this.compile('layout');
    this.stylesheet = readFileSync(join(dir, 'portal.css'), 'utf8');
  }

  /** A page's body inside the layout; `layout` fills the header (nav, user, controls state). */
  render(
    page: string,
    context: Record<string, unknown> & { title: string },
    layout: Record<string, unknown> = {},
  ): string {
    let template = this.pages.get(page);
    if (!template) {
      if (!PAGE_NAME.test(page) || page === 'layout') throw new Error(`no admin page ${page}`);
      template = this.compile(page);
      this.pages.set(page, template);
    }
    return this.layout({
      nav: [],
      user: null,
      csrf: null,
      controls: null,
      ...layout,
      title: context.title,
      body: template(context),
    });
  }

  private compile(name: string): Handlebars.TemplateDelegate {
    return this.hb.compile(readFileSync(join(this.dir, `${name}.hbs`), 'utf8'), { strict: true });
  }
}
