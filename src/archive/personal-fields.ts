/**
 * The personal fields of what the archive keeps, and how they are written: a subscriber's id as
 * their archive pseudonym (archive_pseudonym), no address, no unsubscribe link (the exact text
 * sent keeps a placeholder where the recipient's own link was). The export writes files this way
 * from the start, and erasing a subscriber rewrites their rows in the hot and archive tables to
 * the same form, so a day exported again after an erasure is byte for byte the same.
 */

/** What replaces a recipient's unsubscribe link in the text kept. */
export const UNSUBSCRIBE_PLACEHOLDER = '[unsubscribe link]';

/** SQL: `text` with the unsubscribe link `url` replaced by the placeholder (null-safe). */
export function redactedText(text: string, url: string): string {
  return `CASE WHEN ${url} IS NULL OR ${url} = '' OR ${text} IS NULL THEN ${text}
    ELSE replace(${text}, ${url}, '${UNSUBSCRIBE_PLACEHOLDER}') END`;
}

/** SQL: a recipient column as written to the archive (broadcast rows have none). */
export function pseudonymOf(recipient: string, pseudonym: string): string {
  return `CASE WHEN coalesce(${recipient}, '') = '' THEN '' ELSE coalesce(${pseudonym}, ${recipient}) END`;
}

/** A new pseudonym: not derived from anything about the person. */
export const NEW_PSEUDONYM = `'anon-' || replace(gen_random_uuid()::text, '-', '')`;
