/**
 * How the archive keeps the JSON it must keep whole (each call-log record, its caller half,
 * a tracked call's live timeline): deflated against a preset dictionary of a typical
 * Detailed record. A 1.4 KB record takes about 190 bytes, which is most of what makes the
 * archive about 600 bytes a call instead of 2.1 KB.
 *
 * Format: one version byte, then raw deflate with that version's dictionary. A dictionary
 * can never change once written (old rows would not inflate): a new one takes a new version
 * byte, and this file keeps every earlier one. Text (rows written before schema 6) is read
 * as plain JSON.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Version 1: two Detailed RingOut records in RingCentral's own shape (the spec's examples,
 * with other names and numbers), the strings a record repeats most: keys, leg types,
 * results, the URI prefix. Deflate looks back into it for any repeated text.
 */
const DICTIONARY_V1 = Buffer.from(
  JSON.stringify([
    {
      uri: 'https://platform.ringcentral.com/restapi/v1.0/account/400131234008/extension/400131234008/call-log/Y3ZkQ2sR8mUAzbA?view=Detailed',
      id: 'Y3ZkQ2sR8mUAzbA',
      sessionId: '4052271130016',
      telephonySessionId: 's-a0d7a1b2c3d4e5f6z18f0a1b2c3d4e5f6',
      startTime: '2026-11-24T16:20:05.500Z',
      duration: 42,
      type: 'Voice',
      internalType: 'LocalNumber',
      direction: 'Outbound',
      action: 'RingOut PC',
      result: 'Call connected',
      reason: 'Accepted',
      reasonDescription: 'The call connected to and was accepted by this number.',
      to: { phoneNumber: '+12125550111', name: 'Jordan Rivera', location: 'New York, NY' },
      from: { phoneNumber: '+16505550198', name: 'Alex Demo', extensionNumber: '101', extensionId: '400131234008' },
      extension: { uri: 'https://platform.ringcentral.com/restapi/v1.0/account/400131234008/extension/400131234008', id: 400131234008 },
      transport: 'PSTN',
      lastModifiedTime: '2026-11-24T16:20:50.007Z',
      billing: { costIncluded: 0.0, costPurchased: 0.0 },
      legs: [
        {
          startTime: '2026-11-24T16:20:05.257Z',
          duration: 43,
          type: 'Voice',
          internalType: 'LocalNumber',
          direction: 'Outbound',
          action: 'RingOut PC',
          result: 'Call connected',
          reason: 'Accepted',
          to: { phoneNumber: '+16505550198', name: 'Alex Demo' },
          from: { phoneNumber: '+12125550111', name: 'Jordan Rivera' },
          extension: { uri: 'https://platform.ringcentral.com/restapi/v1.0/account/400131234008/extension/400131234008', id: 400131234008 },
          transport: 'PSTN',
          billing: { costIncluded: 0.0, costPurchased: 0.0 },
          legType: 'RingOutClientToSubscriber',
          telephonySessionId: 's-a0d7a1b2c3d4e5f6z18f0a1b2c3d4e5f6',
        },
        {
          startTime: '2026-11-24T16:20:05.500Z',
          duration: 42,
          type: 'Voice',
          direction: 'Outbound',
          action: 'RingOut Web',
          result: 'Busy',
          to: { phoneNumber: '+12125550111', name: 'Jordan Rivera' },
          from: { phoneNumber: '+16505550198', name: 'Alex Demo' },
          extension: { uri: 'https://platform.ringcentral.com/restapi/v1.0/account/400131234008/extension/400131234008', id: 400131234008 },
          transport: 'VoIP',
          legType: 'RingOutWebToCaller',
          master: true,
        },
      ],
    },
    {
      result: 'No Answer',
      action: 'Phone Call',
      direction: 'Inbound',
      legType: 'RingOutDeviceToSubscriber',
      other: ['Missed', 'Voicemail', 'Rejected', 'Wrong Number', 'Hang Up', 'Stopped', 'Unknown', 'Answered Not Accepted', 'International Disabled'],
      legTypes: ['RingOutWebToSubscriber', 'RingOutClientToCaller', 'RingOutDeviceToCaller', 'RingOutOneLegToCaller', 'FollowMe', 'Accept'],
      delegate: { id: '400131234009', name: 'Sam Colleague' },
      message: {
        id: '1234',
        type: 'VoiceMail',
        uri: 'https://platform.ringcentral.com/restapi/v1.0/account/400131234008/extension/400131234008/message-store/1234',
      },
      deleted: false,
    },
  ]),
);

const DICTIONARIES: Record<number, Buffer> = { 1: DICTIONARY_V1 };
const CURRENT = 1;

/** A value as the archive stores it (null stays null). */
export function encodeStoredJson(value: unknown): Uint8Array | null {
  if (value === null || value === undefined) return null;
  const packed = deflateRawSync(JSON.stringify(value), { level: 9, dictionary: DICTIONARIES[CURRENT] });
  const stored = new Uint8Array(packed.length + 1);
  stored[0] = CURRENT;
  stored.set(packed, 1);
  return stored;
}

/** A stored value back: a blob of a known version, or plain JSON text (rows of schema 5 and older). */
export function decodeStoredJson<T>(stored: Uint8Array | string | null | undefined): T | null {
  if (stored === null || stored === undefined) return null;
  if (typeof stored === 'string') return JSON.parse(stored) as T;
  const dictionary = DICTIONARIES[stored[0]!];
  if (!dictionary) throw new Error(`Stored call data of an unknown format (${stored[0]}): written by a newer Ringside`);
  return JSON.parse(inflateRawSync(stored.subarray(1), { dictionary }).toString('utf8')) as T;
}
