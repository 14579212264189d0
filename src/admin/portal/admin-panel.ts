/**
 * A page of the admin portal: a titled table (and optional figures) read from one module's
 * services, with optional row actions (buttons that POST to a module's admin action).
 */
export interface AdminTable {
  columns: string[];
  rows: (string | number | null)[][];
}

export interface AdminRowAction {
  label: string;
  /** Runs the action for the row whose first column is `rowKey`. Returns a message for the operator. */
  run(rowKey: string): Promise<string>;
}

export interface AdminPanel {
  id: string;
  title: string;
  description: string;
  figures?: () => Promise<Record<string, string | number>>;
  table: () => Promise<AdminTable>;
  actions?: Record<string, AdminRowAction>;
}

export const ADMIN_PANELS = Symbol('AdminPanels');
