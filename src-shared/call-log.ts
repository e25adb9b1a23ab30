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

/** What a record and each of its legs both say about the call. */
export interface CallLogCallFields {
  startTime: string;
  duration?: number;
  type?: string;
  direction?: string;
  action?: string;
  result?: string;
  reason?: string;
  to?: CallLogParty;
  from?: CallLogParty;
  telephonySessionId?: string;
}

export interface CallLogLeg extends CallLogCallFields {
  legType: string;
  master?: boolean;
}

export interface CallLogRecord extends CallLogCallFields {
  id: string;
  uri?: string;
  sessionId?: string;
  lastModifiedTime?: string;
  legs?: CallLogLeg[];
  /** Only on an ISync with `showDeleted`: the user deleted this record in RingCentral (REALITY 26). */
  deleted?: boolean;
}
