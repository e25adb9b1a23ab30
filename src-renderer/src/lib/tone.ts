/** The colour rule for outcomes is shared with the tray (src-shared/leg-tone.ts). */
export { legTone, type LegTone } from '../../../src-shared/leg-tone';
