// What each role may do, as the API enforces it (contract: only a manager or an admin acts on
// alerts and promotions). The dashboard disables what the API would refuse, and says why.
import type { Role } from '../api/client';

export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Viewer',
  manager: 'Manager',
  admin: 'Admin',
};

/** Whether the role may act on alerts and promotions (and run a what-if). */
export function canAct(role: Role | null | undefined): boolean {
  return role === 'manager' || role === 'admin';
}

/** Why a control is disabled for this role, or null when it is not. */
export function actDisabledReason(role: Role | null | undefined): string | null {
  if (canAct(role)) return null;
  return `Signed in as ${role ?? 'nobody'}: only a manager can act on alerts and promotions.`;
}
