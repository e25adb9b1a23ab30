import { apiError } from '../http/errors';
import type { SimResponse } from '../http/types';
import type { OAuthSession } from '../oauth/token-store';
import type { SimAccount, SimExtension } from './demo-account';

/** Resolves `{accountId}` / `{extensionId}` path parameters (`~` = the signed-in one). */
export function resolveExtensionPath(
  account: SimAccount,
  params: Record<string, string>,
  session: OAuthSession,
): { extension: SimExtension } | { error: SimResponse } {
  const accountId = params['accountId'];
  if (accountId !== undefined && accountId !== '~' && accountId !== String(account.id)) {
    return { error: apiError(404, 'CMN-102', 'Resource for parameter [accountId] is not found', 'accountId') };
  }
  const extensionParam = params['extensionId'];
  const extensionId = extensionParam === undefined || extensionParam === '~' ? session.extensionId : Number(extensionParam);
  const extension = account.extensions.find((e) => e.id === extensionId);
  if (!extension) return { error: apiError(404, 'CMN-102', 'Resource for parameter [extensionId] is not found', 'extensionId') };
  if (extension.id !== session.extensionId) {
    return { error: apiError(403, 'CMN-408', 'In order to call this API endpoint, user needs to have [ReadExtensions] permission for requested resource.') };
  }
  return { extension };
}
