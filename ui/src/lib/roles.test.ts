import { describe, expect, it } from 'vitest';
import { actDisabledReason, canAct } from './roles';

describe('roles', () => {
  it('lets managers and admins act, not viewers', () => {
    expect(canAct('manager')).toBe(true);
    expect(canAct('admin')).toBe(true);
    expect(canAct('viewer')).toBe(false);
    expect(canAct(null)).toBe(false);
  });

  it('says why a viewer cannot act', () => {
    expect(actDisabledReason('viewer')).toBe('Signed in as viewer: only a manager can act on alerts and promotions.');
    expect(actDisabledReason('manager')).toBeNull();
  });
});
