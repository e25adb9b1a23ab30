/**
 * REALITY 18: each refusal of POST ring-out gets its own sentence (what happened, what to do),
 * keyed on the inner errors[].errorCode, never on the top-level code or the message.
 */
import { describe, expect, it } from 'vitest';
import { toApiError } from './api-error';
import { RING_OUT_REFUSAL_CODES, ringOutRefusal } from './ringout-refusals';

/** An SDK-style failure carrying RingCentral's answer. */
function failure(status: number, body: unknown): Error & { response: Response } {
  return Object.assign(new Error(`HTTP ${status}`), {
    response: new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  });
}

describe('RingOut refusals', () => {
  it('has one distinct, plain sentence for each code REALITY 18 lists', () => {
    expect([...RING_OUT_REFUSAL_CODES].sort()).toEqual(
      ['TEL-107', 'TEL-108', 'TEL-109', 'TEL-101', 'TEL-102', 'RNG-102', 'BIL-103', 'CMN-112', 'CMN-113', 'CMN-102'].sort(),
    );
    const sentences = RING_OUT_REFUSAL_CODES.map((code) => ringOutRefusal(code, 'forwardingNumberId')!);
    expect(new Set(sentences).size).toBe(sentences.length);
    for (const sentence of sentences) {
      // Two sentences: what happened, then what to do; no jargon codes in the words.
      expect(sentence.split(/(?<=\.)\s/)).toHaveLength(2);
      expect(sentence).not.toMatch(/[A-Z]{3}-\d{3}/);
    }
    expect(ringOutRefusal('CMN-101')).toBeNull();
    // Not found names the forwarding number only when it says so (it also answers an unknown extension).
    expect(ringOutRefusal('CMN-102', 'forwardingNumberId')).toMatch(/forwarding numbers/);
    expect(ringOutRefusal('CMN-102', 'extensionId')).toBeNull();
    expect(ringOutRefusal('CMN-102')).toBeNull();
    expect(ringOutRefusal('toString')).toBeNull();
    expect(ringOutRefusal(null)).toBeNull();
  });

  it('reads the inner code of a two-layer body, whatever the top-level code and the (localised) message say', async () => {
    const error = await toApiError(
      failure(403, {
        errorCode: 'FeatureNotAvailable',
        message: 'Funktion [DomesticCalls] ist nicht verfügbar',
        errors: [{ errorCode: 'CMN-113', message: 'Funktion [DomesticCalls] ist nicht verfügbar', featureName: 'DomesticCalls' }],
      }),
    );
    expect(error).toMatchObject({ kind: 'forbidden', status: 403, errorCode: 'CMN-113', parameterName: null });
    expect(ringOutRefusal(error.errorCode)).toBe(ringOutRefusal('CMN-113'));
    // A one-layer body still gives its code.
    expect((await toApiError(failure(404, { errorCode: 'CMN-102', message: 'gone' }))).errorCode).toBe('CMN-102');
    const notFound = await toApiError(
      failure(404, { errorCode: 'CMN-102', message: 'x', errors: [{ errorCode: 'CMN-102', message: 'x', parameterName: 'forwardingNumberId' }] }),
    );
    expect(ringOutRefusal(notFound.errorCode, notFound.parameterName)).toBe(ringOutRefusal('CMN-102', 'forwardingNumberId'));
  });
});
