// One way every list pages: 25 rows a page, "Showing 26–50 of 60 · `/session list page:3`"
// under it, and Prev/Next buttons that show the neighbouring page in the same message. A list
// that grows with a district (sessions, reminders, mentor entries, agenda items) uses this,
// so no list stops at a silent cap.
import { z } from "zod";
import { actionKey, type ActionKey } from "./command.js";
import { UserError } from "./errors.js";
import type { Button } from "./reply.js";

export const PAGE_SIZE = 25;
/** The highest page a `page:` option or button may ask for (25 000 rows at 25 a page). */
export const MAX_PAGE = 1000;

export interface Page<T> {
  rows: T[];
  /** How many rows there are across all pages. */
  total: number;
  page: number;
  pages: number;
  size: number;
}

/** The rows to fetch for `page` (1-based): a database skip/take or an array slice. */
export const pageWindow = (page: number, size = PAGE_SIZE) => ({ skip: (page - 1) * size, take: size });

export const pageCount = (total: number, size = PAGE_SIZE): number => Math.max(1, Math.ceil(total / size));

/** A page of an array already in memory. */
export function pageOf<T>(all: readonly T[], page: number, size = PAGE_SIZE): Page<T> {
  const { skip, take } = pageWindow(page, size);
  return { rows: all.slice(skip, skip + take), total: all.length, page, pages: pageCount(all.length, size), size };
}

/** A page the database counted and fetched. */
export const pageFrom = <T>(rows: T[], total: number, page: number, size = PAGE_SIZE): Page<T> => ({
  rows,
  total,
  page,
  pages: pageCount(total, size),
  size,
});

/** The command for page n; page 1 is the command without `page:`. */
const commandFor = (again: (page: number) => string, n: number) =>
  n === 1 ? again(1).replace(/ page:1(?=\s|$)/, "") : again(n);

/**
 * Refuses a page past the end, naming the last one; `again(n)` is the command showing page n.
 * A page of an empty list is not an error: the caller says the list is empty.
 */
export function requirePage<T>(p: Page<T>, noun: [string, string], again: (page: number) => string): void {
  if (p.rows.length || !p.total) return;
  throw new UserError(
    `There ${p.total === 1 ? `is 1 ${noun[0]}` : `are ${p.total} ${noun[1]}`}, so there is no page ${p.page}; ` +
      `the last is page ${p.pages}.`,
    commandFor(again, p.pages),
    "page",
  );
}

/**
 * "Showing 26–50 of 60 · `/session list page:3`": which rows these are and the command for
 * the next page (or the previous one on the last page). Empty when everything fits on one page.
 */
export function pageNote<T>(p: Page<T>, again: (page: number) => string): string {
  if (p.pages <= 1 && p.page === 1) return "";
  const first = (p.page - 1) * p.size + 1;
  const shown = `Showing ${first}–${first + p.rows.length - 1} of ${p.total}`;
  const rest = p.total - (first + p.rows.length - 1);
  if (p.page < p.pages) return `${shown} · ${rest} more: \`${commandFor(again, p.page + 1)}\``;
  return `${shown} · earlier: \`${commandFor(again, p.page - 1)}\``;
}

/** A pager button's value: the list's own scope (a flag, a count; no spaces or "|") and the page, "all:2". */
const PAGE_VALUE = /^([a-z0-9-]{0,40}):(\d{1,4})$/;

export interface PageRequest {
  scope: string;
  page: number;
}

/** The action key of a list's Prev/Next buttons, declared once by the command that lists. */
export const pagerKey = (command: string, name = "page"): ActionKey<PageRequest> =>
  actionKey(
    command,
    name,
    z
      .string()
      .regex(PAGE_VALUE)
      .transform((v) => {
        const [, scope, page] = PAGE_VALUE.exec(v)!;
        return { scope: scope!, page: Number(page) };
      })
      .refine((r) => r.page >= 1 && r.page <= MAX_PAGE, "no such page"),
  );

/** Prev and Next, where there is a page to go to; their values carry `scope` back unchanged. */
export function pageButtons<T>(key: ActionKey<PageRequest>, p: Page<T>, scope = ""): Button[] {
  return [
    ...(p.page > 1 ? [key.button(`◀ Prev (${p.page - 1} of ${p.pages})`, `${scope}:${p.page - 1}`)] : []),
    ...(p.page < p.pages ? [key.button(`Next ▶ (${p.page + 1} of ${p.pages})`, `${scope}:${p.page + 1}`)] : []),
  ];
}
