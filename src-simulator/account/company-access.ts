import { twoLayerError } from '../http/errors';
import type { SimResponse } from '../http/types';
import type { OAuthSession } from '../oauth/token-store';
import type { SimAccount } from './demo-account';

/**
 * The user permission each company call-log operation needs (the spec's `x-user-permission`:
 * `readCompanyCallLog` FullCompanyCallLog, `syncAccountCallLog` ReadCallLog for the account).
 */
export const COMPANY_CALL_LOG_PERMISSION = { list: 'FullCompanyCallLog', sync: 'ReadCallLog' } as const;

/**
 * The company's call log is for admins: anyone else gets RingCentral's refusal, 403 `CMN-408`
 * ("[permission] permission required", API reference "Errors"), in the two-layer shape with the
 * permission's name (REALITY 18). Null when the signed-in user may read it.
 */
export function companyCallLogRefusal(account: SimAccount, session: OAuthSession, permission: string): SimResponse | null {
  if (account.extensions.find((e) => e.id === session.extensionId)?.admin) return null;
  return twoLayerError(403, 'CMN-408', {
    errorCode: 'CMN-408',
    message: `In order to call this API endpoint, user needs to have [${permission}] permission for requested resource.`,
    permissionName: permission,
  });
}
