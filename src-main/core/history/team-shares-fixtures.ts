/** The team-shares tests' call: one connected outbound call of the local archive, by id. */
import type { CallLogRecord } from '../../../src-shared/call-log';

export const connectedCall = (id: string): CallLogRecord => ({
  id,
  sessionId: '1',
  startTime: '2026-11-20T09:00:00.000Z',
  lastModifiedTime: '2026-11-20T09:00:00.000Z',
  type: 'Voice',
  direction: 'Outbound',
  action: 'VoIP Call',
  result: 'Call connected',
  from: { phoneNumber: '+16505550110' },
  to: { phoneNumber: '+12125550101' },
});
