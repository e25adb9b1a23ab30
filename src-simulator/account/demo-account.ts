/** The simulated company: one account, the signed-in user (an admin) and a colleague (not an admin). */
export interface SimExtension {
  id: number;
  extensionNumber: string;
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  /** Numbers that can be shown as caller ID (RingOut feature). */
  directNumber: string;
  /** Admins may subscribe to account-level telephony events (and so see the other party). */
  admin: boolean;
  /** The user's department (`contact.department` of the extension info), when the admin set one. */
  department?: string;
  forwardingNumbers: Array<{ id: string; phoneNumber: string; label: string; type: 'Home' | 'Mobile' | 'Work' | 'PhoneLine' | 'Other' }>;
}

export interface SimAccount {
  id: number;
  mainNumber: string;
  companyName: string;
  extensions: SimExtension[];
}

export const DEMO_ACCOUNT: SimAccount = {
  id: 400162076008,
  mainNumber: '+16505550100',
  companyName: 'Ringside Demo Co.',
  extensions: [
    {
      id: 400162076009,
      extensionNumber: '101',
      name: 'Alex Demo',
      firstName: 'Alex',
      lastName: 'Demo',
      email: 'alex.demo@example.com',
      directNumber: '+16505550110',
      admin: true,
      forwardingNumbers: [
        { id: '400163001', phoneNumber: '+16505550198', label: 'My mobile', type: 'Mobile' },
        { id: '400163002', phoneNumber: '+16505550197', label: 'Desk phone', type: 'PhoneLine' },
        // A home landline: RingOut may not ring it first (only digital lines and mobiles), so Ringside shows why.
        { id: '400163004', phoneNumber: '+16505550194', label: 'Home phone', type: 'Home' },
      ],
    },
    {
      id: 400162076010,
      extensionNumber: '102',
      name: 'Sam Colleague',
      firstName: 'Sam',
      lastName: 'Colleague',
      email: 'sam.colleague@example.com',
      directNumber: '+16505550111',
      admin: false,
      forwardingNumbers: [{ id: '400163003', phoneNumber: '+16505550196', label: 'Mobile', type: 'Mobile' }],
    },
  ],
};

/** The one redirect URI Ringside's browser sign-in uses; the demo app registers exactly it. */
export const RINGSIDE_REDIRECT_URI = 'http://127.0.0.1:37219/callback';

export interface SimApp {
  clientId: string;
  clientSecret: string;
  /** Redirect URIs registered in the developer console; authorize and token exchange accept only these. */
  redirectUris: string[];
  /** JWT credentials accepted for this app, each for one extension. */
  jwts: Record<string, number>;
  /** The app's scopes, when it lacks some (undefined: every scope Ringside needs). */
  scopes?: readonly string[];
}

export const DEMO_APP: SimApp = {
  clientId: 'ringside-demo',
  clientSecret: 'ringside-demo-secret',
  redirectUris: [RINGSIDE_REDIRECT_URI],
  jwts: { 'ringside-demo-jwt': 400162076009 },
};
