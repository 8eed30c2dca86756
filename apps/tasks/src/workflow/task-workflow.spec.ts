import { TASK_STATES, type TaskState } from '@dxhub/contracts';
import { allowedActions, checkTransition, TASK_ACTIONS, type TaskAction } from './task-workflow';

describe('task workflow state machine', () => {
  const legal: Record<TaskState, Partial<Record<TaskAction, TaskState>>> = {
    DRAFT: { assign: 'ASSIGNED', cancel: 'CANCELLED' },
    ASSIGNED: { start: 'IN_PROGRESS', cancel: 'CANCELLED' },
    IN_PROGRESS: { submit: 'SUBMITTED', cancel: 'CANCELLED' },
    SUBMITTED: { approve: 'APPROVED', return: 'IN_PROGRESS', cancel: 'CANCELLED' },
    APPROVED: {},
    CANCELLED: {},
  };

  it.each(TASK_STATES.flatMap((s) => TASK_ACTIONS.map((a) => [s, a] as const)))('%s + %s', (state, action) => {
    const check = checkTransition(state, action);
    const expected = legal[state][action];
    if (expected) {
      expect(check).toMatchObject({ ok: true, rule: { to: expected } });
    } else {
      expect(check).toEqual({ ok: false, allowed: Object.keys(legal[state]) });
    }
  });

  it('ends in APPROVED and CANCELLED', () => {
    expect(allowedActions('APPROVED')).toEqual([]);
    expect(allowedActions('CANCELLED')).toEqual([]);
  });

  it('needs a reason to return or cancel, and only then', () => {
    const needs = TASK_ACTIONS.filter((a) => {
      const from = TASK_STATES.find((s) => checkTransition(s, a).ok) as TaskState;
      const c = checkTransition(from, a);
      return c.ok && c.rule.reasonRequired;
    });
    expect(needs).toEqual(['return', 'cancel']);
  });
});
