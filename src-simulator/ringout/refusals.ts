/**
 * How POST ring-out refuses a call (REALITY 18), with the codes and messages of RingCentral's
 * API reference error listing for "Make RingOut Call". The demo numbers below (README, "Demo
 * numbers") answer as an account or extension with that restriction would, so each refusal
 * can be seen without reconfiguring the simulated account.
 */
import { twoLayerError } from '../http/errors';
import type { SimResponse } from '../http/types';

const invalid = (errorCode: string, message: string, parameterName: string) => twoLayerError(400, 'InvalidParameter', { errorCode, message, parameterName });
const forbidden = (topLevelCode: string, item: { errorCode: string; message: string } & Record<string, string>) => twoLayerError(403, topLevelCode, item);

export const refusals = {
  /** 400 TEL-108: the from (ring-me-at) number is empty or invalid. */
  badFrom: () => invalid('TEL-108', 'phoneNumber specified in the from field is empty or invalid', 'from.phoneNumber'),
  /** 400 TEL-109: the to number is empty or invalid. */
  badTo: () => invalid('TEL-109', 'phoneNumber specified in the to field is empty or invalid', 'to.phoneNumber'),
  /** 400 TEL-107: a caller ID the extension may not use. */
  callerIdNotAllowed: (number: string) => invalid('TEL-107', `Caller ID: [${number}] is not allowed`, 'callerId.phoneNumber'),
  /** 403 RNG-102: a caller ID that is the user's own number but not a company one (a mobile). */
  callerIdNotCompanyNumber: () =>
    forbidden('InvalidParameter', {
      errorCode: 'RNG-102',
      message: 'Caller ID should be one of company direct numbers',
      parameterName: 'callerId.phoneNumber',
    }),
  /** 403 TEL-101: the number called is on a blocked list. */
  toBlocked: (number: string) =>
    forbidden('AccessDenied', {
      errorCode: 'TEL-101',
      message: `phoneNumber specified in the to field: [${number.replace('+', '')}] is in blocked list`,
      parameterName: 'to.phoneNumber',
    }),
  /** 403 TEL-102: the ring-me-at number is on a blocked list. */
  fromBlocked: (number: string) =>
    forbidden('AccessDenied', {
      errorCode: 'TEL-102',
      message: `phoneNumber specified in the from field: [${number.replace('+', '')}] is in blocked list`,
      parameterName: 'from.phoneNumber',
    }),
  /** 403 BIL-103: RingOut is not part of the account's plan. */
  ringOutNotForAccount: () =>
    forbidden('FeatureNotAvailable', { errorCode: 'BIL-103', message: 'Feature [RingOut] is not available for current account', featureName: 'RingOut' }),
  /** 403 CMN-112: RingOut is not available for this kind of extension. */
  ringOutNotForExtension: () =>
    forbidden('FeatureNotAvailable', {
      errorCode: 'CMN-112',
      message: 'Feature [RingOut] is not available for current extension type',
      featureName: 'RingOut',
      permissionName: 'RingOut',
    }),
  /** 403 CMN-113: the extension may not make domestic calls. */
  domesticCallsNotAvailable: () =>
    forbidden('FeatureNotAvailable', {
      errorCode: 'CMN-113',
      message: 'Feature [DomesticCalls] is not available for current extension',
      featureName: 'DomesticCalls',
    }),
  /** 404 CMN-102: `from.forwardingNumberId` names no forwarding number of the extension. */
  unknownForwardingNumber: () =>
    twoLayerError(404, 'CMN-102', {
      errorCode: 'CMN-102',
      message: 'Resource for parameter [forwardingNumberId] is not found',
      parameterName: 'forwardingNumberId',
    }),
} satisfies Record<string, (...args: string[]) => SimResponse>;

/** Demo numbers to call that are refused as an account or extension with that restriction would refuse them. */
export const REFUSED_DEMO_NUMBERS: Readonly<Record<string, { label: string; refuse: (to: string) => SimResponse }>> = {
  '+12125550140': { label: 'The number is on a blocked list (403 TEL-101)', refuse: (to) => refusals.toBlocked(to) },
  '+12125550141': { label: 'RingOut is not available for the account (403 BIL-103)', refuse: () => refusals.ringOutNotForAccount() },
  '+12125550142': { label: 'RingOut is not available for the extension type (403 CMN-112)', refuse: () => refusals.ringOutNotForExtension() },
  '+12125550143': { label: 'Domestic calls are not available for the extension (403 CMN-113)', refuse: () => refusals.domesticCallsNotAvailable() },
};

/** A ring-me-at number on the account's blocked list (403 TEL-102). */
export const BLOCKED_RING_ME_AT = '+16505550190';
