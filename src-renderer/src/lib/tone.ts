import type { LegState } from '../../../src-shared/leg-state';

export type Tone = 'waiting' | 'ringing' | 'connected' | 'voicemail' | 'failed' | 'neutral';

/** The colour family a leg state is shown in. */
export function stateTone(state: LegState): Tone {
  switch (state) {
    case 'waiting':
    case 'notCalled':
    case 'unknown':
      return 'waiting';
    case 'ringing':
      return 'ringing';
    case 'connected':
      return 'connected';
    case 'voicemail':
      return 'voicemail';
    default:
      return 'failed';
  }
}
