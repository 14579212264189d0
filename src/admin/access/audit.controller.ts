import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { at } from '../pages/page-format.js';
import { PortalPages } from '../portal/portal-pages.js';
import { ADMIN_ACCESS, type AdminAccess } from './access.js';
import { RequireRole } from './require-role.js';

const searchQuery = z.object({
  q: z.string().trim().max(200).optional(),
  before: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
});
const PAGE = 100;

const show = (v: unknown): string =>
  v === null || v === undefined ? '—' : JSON.stringify(v, null, 1).replace(/\n\s*/g, ' ');
const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Before and after as shown: when both are objects, only the fields that changed. */
function changed(before: unknown, after: unknown): { before: string; after: string } {
  if (!isObject(before) || !isObject(after)) return { before: show(before), after: show(after) };
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
  if (keys.length === 0) return { before: show(before), after: show(after) };
  const pick = (o: Record<string, unknown>) =>
    Object.fromEntries(keys.map((k) => [k, o[k] ?? null]));
  return { before: show(pick(before)), after: show(pick(after)) };
}

/** The audit log, newest first, searchable by any text of its actor, action or target. */
@Controller('admin')
@RequireRole('admin')
export class AuditController {
  constructor(
    @Inject(ADMIN_ACCESS) private readonly access: AdminAccess,
    @Inject(PortalPages) private readonly pages: PortalPages,
  ) {}

  @Get('audit')
  async audit(@Req() req: Request, @Res() res: Response, @Query() raw: unknown): Promise<void> {
    const parsed = searchQuery.safeParse(raw);
    const query = parsed.success ? parsed.data : {};
    const entries = await this.access.audit.search({
      q: query.q || undefined,
      beforeId: query.before,
      limit: PAGE,
    });
    const last = entries.at(-1);
    res.type('html').send(
      this.pages.render(req, 'audit', {
        title: 'Audit log',
        q: query.q ?? '',
        entries: entries.map((e) => ({
          ...e,
          when: at(e.at),
          target: e.target ?? '—',
          ...changed(e.before, e.after),
        })),
        older:
          entries.length === PAGE && last
            ? `/admin/audit?${new URLSearchParams({ q: query.q ?? '', before: last.id }).toString()}`
            : null,
      }),
    );
  }
}
