/**
 * The slice of RingCentral's call-log record (openapi-subset.yml: CallLogRecord,
 * CallLogRecordLegInfo) that Ringside reads. Enum-typed fields are plain strings on
 * purpose: later spec versions add values, and an unknown value must not break parsing.
 */
export interface CallLogParty {
  phoneNumber?: string;
  extensionNumber?: string;
  name?: string;
  location?: string;
}

export interface CallLogLeg {
  startTime: string;
  duration?: number;
  type?: string;
  direction?: string;
  action?: string;
  result?: string;
  reason?: string;
  to?: CallLogParty;
  from?: CallLogParty;
  legType: string;
  master?: boolean;
  telephonySessionId?: string;
}

export interface CallLogRecord {
  id: string;
  uri?: string;
  sessionId?: string;
  telephonySessionId?: string;
  startTime: string;
  duration?: number;
  type?: string;
  direction?: string;
  action?: string;
  result?: string;
  reason?: string;
  to?: CallLogParty;
  from?: CallLogParty;
  lastModifiedTime?: string;
  legs?: CallLogLeg[];
}
