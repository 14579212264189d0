import type { AdminRole } from '../access/roles.js';

/** An entry of the portal's header navigation, shown to users of at least `role`. */
export interface NavEntry {
  href: string;
  title: string;
  role: AdminRole;
}

/** The portal's pages in header order. Add a page's entry here. */
export const PORTAL_NAV: NavEntry[] = [
  { href: '/admin/dashboard', title: 'Dashboard', role: 'viewer' },
  { href: '/admin/subscribers', title: 'Subscribers', role: 'viewer' },
  { href: '/admin/signals', title: 'Signals', role: 'viewer' },
  { href: '/admin/deliveries', title: 'Deliveries', role: 'viewer' },
  { href: '/admin/content', title: 'Content QA', role: 'viewer' },
  { href: '/admin/alerts', title: 'Alerts & risk', role: 'viewer' },
  { href: '/admin/queues', title: 'Queues', role: 'admin' },
  { href: '/admin/controls', title: 'Controls', role: 'viewer' },
  { href: '/admin/users', title: 'People', role: 'admin' },
  { href: '/admin/audit', title: 'Audit log', role: 'admin' },
];
