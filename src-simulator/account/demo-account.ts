/** The simulated company: one account, the signed-in user and a colleague. */
export interface SimExtension {
  id: number;
  extensionNumber: string;
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  /** Numbers that can be shown as caller ID (RingOut feature). */
  directNumber: string;
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
      forwardingNumbers: [
        { id: '400163001', phoneNumber: '+16505550198', label: 'My mobile', type: 'Mobile' },
        { id: '400163002', phoneNumber: '+16505550197', label: 'Desk phone', type: 'Work' },
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
      forwardingNumbers: [{ id: '400163003', phoneNumber: '+16505550196', label: 'Mobile', type: 'Mobile' }],
    },
  ],
};

export interface SimApp {
  clientId: string;
  clientSecret: string;
  /** JWT credentials accepted for this app, each for one extension. */
  jwts: Record<string, number>;
}

export const DEMO_APP: SimApp = {
  clientId: 'ringside-demo',
  clientSecret: 'ringside-demo-secret',
  jwts: { 'ringside-demo-jwt': 400162076009 },
};
