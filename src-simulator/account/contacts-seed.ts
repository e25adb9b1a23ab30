import type { SimAccount, SimExtension } from './demo-account';

/** A personal contact in the signed-in user's address book (the fields Ringside reads, as the spec names them). */
export interface SimContact {
  id: number;
  firstName: string;
  lastName: string;
  company?: string;
  businessPhone?: string;
  mobilePhone?: string;
  homePhone?: string;
}

/** A company directory entry (`listDirectoryEntries`). */
export interface SimDirectoryEntry {
  id: string;
  type: 'User' | 'Department';
  firstName?: string;
  lastName?: string;
  name: string;
  extensionNumber?: string;
  department?: string;
  phoneNumbers: Array<{ phoneNumber: string; type: string; usageType: 'DirectNumber' | 'MobileNumber' | 'ContactNumber' }>;
}

/**
 * The numbers seed.ts gives its 20 generated people (`+1212555` + 2000 + i·37): the contacts
 * below reuse them so names show on seeded history. A test checks they really appear there.
 */
export const seededPersonNumber = (index: number): string => `+1212555${String(2000 + index * 37).padStart(4, '0')}`;

/**
 * Alex Demo's address book: the demo numbers of the README (so a demo call's outcome card has a
 * name) and some of the seeded history's people, a few under a fuller name than the call log
 * has, and one (Riley) also in the directory, to show which source wins.
 */
export const DEMO_PERSONAL_CONTACTS: readonly SimContact[] = [
  { id: 623045001, firstName: 'Dana', lastName: 'Whitfield', company: 'Northwind Traders', businessPhone: '+12125550100' },
  { id: 623045002, firstName: 'Marcus', lastName: 'Bell', company: 'Bell & Sons Plumbing', businessPhone: '+12125550101' },
  { id: 623045003, firstName: 'Ines', lastName: 'Duarte', mobilePhone: '+12125550102' },
  { id: 623045004, firstName: 'Victor', lastName: 'Hale', company: 'Hale Logistics', businessPhone: '+12125550103' },
  { id: 623045005, firstName: 'Grace', lastName: 'Okafor', homePhone: '+12125550104' },
  { id: 623045006, firstName: 'Tom', lastName: 'Lindqvist', company: 'Fjord Media', businessPhone: '+12125550108' },
  { id: 623045007, firstName: 'Olivia', lastName: 'Grant', company: 'London office', businessPhone: '+442071838750' },
  { id: 623045010, firstName: 'Jordan', lastName: 'Rivera', company: 'Acme Corp', mobilePhone: seededPersonNumber(0) },
  { id: 623045011, firstName: 'Casey', lastName: 'Morgan-Hart', businessPhone: seededPersonNumber(1) },
  { id: 623045012, firstName: 'Riley', lastName: 'Chen', company: 'Contoso (client)', mobilePhone: seededPersonNumber(2) },
  { id: 623045013, firstName: 'Taylor', lastName: 'Brooks', businessPhone: seededPersonNumber(3) },
  { id: 623045014, firstName: 'Avery', lastName: 'Patel', company: 'Patel Dental', businessPhone: seededPersonNumber(5) },
  { id: 623045015, firstName: 'Quinn', lastName: 'Alvarez', mobilePhone: seededPersonNumber(8) },
];

/** Company directory: every extension of the account, plus a call queue and one colleague also kept as a contact. */
export function demoDirectory(account: SimAccount): SimDirectoryEntry[] {
  const users = account.extensions.map((e: SimExtension) => ({
    id: String(e.id),
    type: 'User' as const,
    firstName: e.firstName,
    lastName: e.lastName,
    name: e.name,
    extensionNumber: e.extensionNumber,
    department: e.department ?? 'Sales',
    phoneNumbers: [{ phoneNumber: e.directNumber, type: 'VoiceFax', usageType: 'DirectNumber' as const }],
  }));
  return [
    ...users,
    {
      id: '400162076020',
      type: 'User',
      firstName: 'Riley',
      lastName: 'Chen',
      name: 'Riley Chen',
      extensionNumber: '120',
      department: 'Partners',
      phoneNumbers: [{ phoneNumber: seededPersonNumber(2), type: 'VoiceFax', usageType: 'MobileNumber' }],
    },
    {
      id: '400162076021',
      type: 'User',
      firstName: 'Harper',
      lastName: 'Singh',
      name: 'Harper Singh',
      extensionNumber: '121',
      department: 'Support',
      phoneNumbers: [{ phoneNumber: seededPersonNumber(11), type: 'VoiceFax', usageType: 'DirectNumber' }],
    },
    {
      id: '400162076030',
      type: 'Department',
      name: 'Support queue',
      extensionNumber: '200',
      phoneNumbers: [{ phoneNumber: '+16505550120', type: 'VoiceFax', usageType: 'DirectNumber' }],
    },
  ];
}
