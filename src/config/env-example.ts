#!/usr/bin/env node
/**
 * Renders .env.example from the config schema, so the documented variables and their defaults
 * can never drift from what the app accepts. `npm run config:example` writes the file; a test
 * checks that the committed file matches.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { configSchema } from './schema.js';

interface FieldDoc {
  name: string;
  description: string;
  defaultValue: string | undefined;
}

function describeField(name: string, schema: z.ZodType): FieldDoc {
  const description = schema.description ?? '';
  let defaultValue: string | undefined;
  // Walk wrappers (default, optional, pipe) to find the default, formatted as an env value.
  let node: unknown = schema;
  for (let depth = 0; depth < 6 && node; depth++) {
    const def = (node as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) break;
    if (def.type === 'default') {
      const v = typeof def.defaultValue === 'function' ? def.defaultValue() : def.defaultValue;
      defaultValue = Array.isArray(v) ? v.join(',') : String(v);
      break;
    }
    node = def.innerType ?? def.in;
  }
  return { name, description, defaultValue };
}

export function renderEnvExample(): string {
  const lines = [
    '# GammaDesk configuration. Generated from src/config/schema.ts by `npm run config:example`;',
    '# do not edit by hand. Every variable is optional: the value shown is the default, and a',
    '# commented-out variable has no default (the feature it configures is off until set).',
    '',
  ];
  for (const [name, schema] of Object.entries(configSchema.shape)) {
    const doc = describeField(name, schema as z.ZodType);
    lines.push(`# ${doc.description}`);
    lines.push(doc.defaultValue === undefined ? `# ${name}=` : `${name}=${doc.defaultValue}`);
    lines.push('');
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(process.argv[2] ?? '.env.example', renderEnvExample());
}
