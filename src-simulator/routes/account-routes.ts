import type { Route } from '../http/router';
import type { SimContext } from '../context';
import { withExtension } from './with-extension';

export function accountRoutes(sim: SimContext): Route[] {
  const base = '/restapi/v1.0/account/{accountId}/extension/{extensionId}';
  const accountRef = () => ({ id: String(sim.account.id), uri: `${sim.url}/restapi/v1.0/account/${sim.account.id}` });
  const extUri = (id: number) => `${sim.url}/restapi/v1.0/account/${sim.account.id}/extension/${id}`;
  const paging = (listUri: string, count: number) => {
    const page = { uri: `${listUri}?page=1&perPage=100` };
    return {
      navigation: { firstPage: page, lastPage: page },
      paging: { page: 1, totalPages: 1, perPage: 100, totalElements: count, pageStart: 0, pageEnd: Math.max(0, count - 1) },
    };
  };
  return [
    {
      method: 'GET',
      path: base,
      operationId: 'readExtension',
      group: 'Light',
      auth: 'bearer',
      handle: withExtension(sim, (_ctx, ext) => {
        return {
          status: 200,
          body: {
            uri: extUri(ext.id),
            id: ext.id,
            extensionNumber: ext.extensionNumber,
            name: ext.name,
            type: 'User',
            status: 'Enabled',
            contact: {
              firstName: ext.firstName,
              lastName: ext.lastName,
              email: ext.email,
              company: sim.account.companyName,
              ...(ext.department === undefined ? {} : { department: ext.department }),
            },
            account: accountRef(),
            regionalSettings: {
              homeCountry: { id: '1', uri: `${sim.url}/restapi/v1.0/dictionary/country/1`, name: 'United States', isoCode: 'US', callingCode: '1' },
              timezone: {
                id: '58',
                uri: `${sim.url}/restapi/v1.0/dictionary/timezone/58`,
                name: 'US/Pacific',
                description: 'Pacific Time (US & Canada)',
                bias: '-480',
              },
              language: { id: '1033', uri: `${sim.url}/restapi/v1.0/dictionary/language/1033`, name: 'English (United States)', localeCode: 'en-US' },
              formattingLocale: { id: '1033', name: 'English (United States)', localeCode: 'en-US' },
              timeFormat: '12h',
            },
            permissions: { admin: { enabled: ext.admin }, internationalCalling: { enabled: false } },
          },
        };
      }),
    },
    {
      method: 'GET',
      path: `${base}/phone-number`,
      operationId: 'listExtensionPhoneNumbers',
      group: 'Light',
      auth: 'bearer',
      handle: withExtension(sim, (_ctx, ext) => {
        const country = { id: '1', uri: `${sim.url}/restapi/v1.0/dictionary/country/1`, name: 'United States' };
        const records = [
          {
            uri: `${extUri(ext.id)}/phone-number/1`,
            id: 1,
            phoneNumber: ext.directNumber,
            country,
            location: 'Belmont, CA',
            paymentType: 'Local',
            status: 'Normal',
            type: 'VoiceFax',
            usageType: 'DirectNumber',
            primary: true,
            features: ['CallerId', 'SmsSender'],
          },
          {
            uri: `${extUri(ext.id)}/phone-number/2`,
            id: 2,
            phoneNumber: sim.account.mainNumber,
            country,
            location: 'Belmont, CA',
            paymentType: 'Local',
            status: 'Normal',
            type: 'VoiceFax',
            usageType: 'MainCompanyNumber',
            primary: false,
            features: ['CallerId'],
          },
        ];
        return { status: 200, body: { uri: `${extUri(ext.id)}/phone-number`, records, ...paging(`${extUri(ext.id)}/phone-number`, records.length) } };
      }),
    },
    {
      method: 'GET',
      path: `${base}/forwarding-number`,
      operationId: 'listForwardingNumbers',
      group: 'Light',
      auth: 'bearer',
      handle: withExtension(sim, (_ctx, ext) => {
        const records = ext.forwardingNumbers.map((f) => ({
          uri: `${extUri(ext.id)}/forwarding-number/${f.id}`,
          id: f.id,
          phoneNumber: f.phoneNumber,
          label: f.label,
          type: f.type,
          features: ['CallFlip', 'CallForwarding'],
        }));
        return { status: 200, body: { uri: `${extUri(ext.id)}/forwarding-number`, records, ...paging(`${extUri(ext.id)}/forwarding-number`, records.length) } };
      }),
    },
    {
      method: 'GET',
      path: `${base}/caller-id`,
      operationId: 'readExtensionCallerId',
      group: 'Light',
      auth: 'bearer',
      handle: withExtension(sim, (_ctx, ext) => {
        const phone = { id: '1', uri: `${extUri(ext.id)}/phone-number/1`, phoneNumber: ext.directNumber };
        return {
          status: 200,
          body: {
            uri: `${extUri(ext.id)}/caller-id`,
            byFeature: [
              { feature: 'RingOut', callerId: { type: 'PhoneNumber', phoneInfo: phone } },
              { feature: 'RingMe', callerId: { type: 'PhoneNumber', phoneInfo: phone } },
            ],
            extensionNameForOutboundCalls: true,
            extensionNumberForInternalCalls: false,
          },
        };
      }),
    },
  ];
}
