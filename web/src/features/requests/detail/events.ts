// Which arguments each request event asks for (mirrors src/model/request.h EventArgs).
export type EventArg = 'reason' | 'ground' | 'until' | 'preserved_until' | 'rating' | 'requested_ref';

export interface EventArgSpec {
  arg: EventArg;
  required: boolean;
}

const SPECS: Record<string, EventArgSpec[]> = {
  submit: [],
  acknowledge: [{ arg: 'requested_ref', required: false }],
  start: [],
  confirm_preserved: [{ arg: 'preserved_until', required: true }],
  request_info: [{ arg: 'reason', required: true }],
  provide_info: [],
  postpone: [
    { arg: 'until', required: true },
    { arg: 'reason', required: true },
  ],
  resume: [],
  fulfil_partially: [],
  fulfil: [],
  // The reason is required only for the ground "other"; the dialog checks that.
  refuse: [
    { arg: 'ground', required: true },
    { arg: 'reason', required: false },
  ],
  withdraw: [{ arg: 'reason', required: true }],
  close: [{ arg: 'rating', required: true }],
};

export function eventArgs(event: string): EventArgSpec[] {
  return SPECS[event] ?? [];
}

/** Events that need a confirmation only (no argument): destructive ones get a warning style. */
export function isDestructive(event: string): boolean {
  return event === 'refuse' || event === 'withdraw';
}
