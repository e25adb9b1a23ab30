import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { DEMO_PERSONAL_CONTACTS, type SimContact } from './account/contacts-seed';
import { DEMO_ACCOUNT, DEMO_APP, type SimAccount, type SimApp, type SimExtension } from './account/demo-account';
import type { ControllableSim, ControlRoutes } from './context';
import { CallLogStore } from './call-log/call-log-store';
import { buildOrdinaryRecord, buildRingOutRecord } from './call-log/record-builder';
import { generateHistory } from './call-log/seed';
import { SimClock } from './clock';
import * as ids from './ids';
import { applyFaults, noFaults, type Faults, type FaultsPatch } from './faults';
import { apiError, duplicateRequest, globalRateLimited, rateLimited, serviceUnavailable, unauthorized } from './http/errors';
import { RateLimiter } from './http/rate-limits';
import { Router, type Route } from './http/router';
import type { LoggedRequest, SimRequest, SimResponse } from './http/types';
import { TokenStore, type OAuthSession } from './oauth/token-store';
import { SubscriptionStore } from './push/subscriptions';
import { telephonyEventPaths, telephonySessionEvent } from './push/telephony-events';
import { CONNECTION_DETAILS, WsGateway, type ConnectionDetails } from './push/ws-gateway';
import { realismOf, type Realism } from './realism';
import { RingOutCall, type PartyState, type RingOutCallInit } from './ringout/ringout-call';
import { DEFAULT_SCENARIOS, loadScenarioFile, type ScenarioTable } from './ringout/scenarios';
import { accountRoutes } from './routes/account-routes';
import { activeCallsRoutes } from './routes/active-calls-routes';
import { callLogRoutes } from './routes/call-log-routes';
import { contactsRoutes } from './routes/contacts-routes';
import { LOGIN_PATH, loginPage } from './routes/login-page';
import { oauthRoutes } from './routes/oauth-routes';
import { ringOutRoutes } from './routes/ringout-routes';
import { subscriptionRoutes } from './routes/subscription-routes';

/** How long after a call's end the lone repeat of its `Disconnected` comes (simulated ms, REALITY 19). */
export const LATE_DISCONNECTED_MS = 10_000;
/** How long a Proceeding may wait for the event that overtakes it (simulated ms, REALITY 19). */
const PROCEEDING_HOLD_MS = 8000;

export interface SimulatorOptions {
  /** 0 (default) picks a free port. The simulator listens on 127.0.0.1 only. */
  port?: number;
  /** Simulated time runs this many times faster than real time (default 1). */
  timeScale?: number;
  scenarios?: ScenarioTable;
  scenarioFile?: string;
  /** Fill the call log with this many generated records at start. */
  seedHistory?: number;
  seed?: number;
  /** How many days back the seeded history reaches (default grows with the count). */
  seedSpanDays?: number;
  /** How long the RingOut status endpoint still knows a call after it ended (default 60 s). */
  statusExpirySeconds?: number;
  /** How long after a call ends its call-log record appears (default 30 s). */
  callLogDelaySeconds?: number;
  /** The authorize endpoint approves at once instead of showing the consent page. */
  autoApprove?: boolean;
  account?: SimAccount;
  app?: SimApp;
  /** Keep at most this many entries in the request log (default 10,000). */
  requestLogLimit?: number;
  /** Switches for the live service's habits (REALITY.md); each defaults to realistic. */
  realism?: Partial<Realism>;
  /** Redirect URIs registered for the app besides its own (`ringside-demo` registers RINGSIDE_REDIRECT_URI). */
  redirectUris?: string[];
  /** How long after a record appears the service modifies it (simulated seconds, default 30). */
  lateChangeSeconds?: number;
  /** How long a call-log sync token stays usable (simulated seconds, default 3600; REALITY 26). */
  syncTokenLifetimeSeconds?: number;
  /**
   * How far the service's clock is ahead of this machine's (negative: behind), as a real
   * server's can be from a badly set local clock: record times, push eventTime and the `Date`
   * header of every answer are in the service's time. Default 0.
   */
  clockOffsetMs?: number;
  /** The WebSocket gateway's settings in simulated seconds (REALITY 21), e.g. a short `absoluteTimeout` for a test. */
  connectionDetails?: Partial<ConnectionDetails>;
  /**
   * HTTP control routes for tests and benchmarks, behind a per-run token. Pass the value of
   * `createControlRoutes()`, which only `src-simulator/testing.ts` imports; demo mode has none.
   */
  controls?: ControlRoutes;
}

/**
 * A faithful stand-in for the parts of RingCentral that Ringside uses (spec/ringcentral):
 * OAuth, account info, RingOut, Call Control, call log and sync, telephony-session push over
 * WebSocket, rate limits, with the live service's habits (REALITY.md) on by default, plus
 * in-process controls for tests (time scale, faults, reset, request log).
 */
export class Simulator implements ControllableSim {
  readonly clock: SimClock;
  readonly tokens: TokenStore;
  readonly rateLimiter: RateLimiter;
  readonly callLog: CallLogStore;
  readonly subscriptions: SubscriptionStore;
  readonly gateway: WsGateway;
  readonly calls = new Map<string, RingOutCall>();
  /** Personal contacts per extension id that replace the demo address book (tests change them to see a sync answer the change). */
  readonly addressBooks = new Map<number, SimContact[]>();
  readonly account: SimAccount;
  readonly app: SimApp;
  readonly realism: Realism;
  scenarios: ScenarioTable;
  faults: Faults = noFaults();
  requestLog: LoggedRequest[] = [];
  /** Called with every API answer (contract tests validate each one against the spec). */
  readonly observers: Array<(exchange: { req: SimRequest; operationId: string | null; response: SimResponse }) => void> = [];
  autoApprove: boolean;
  statusExpirySeconds: number;
  callLogDelaySeconds: number;
  syncTokenLifetimeSeconds: number;
  callLogResets = 0;
  private readonly router = new Router();
  private readonly server: Server;
  private port = 0;
  private pushCount = 0;
  private heldEvent: (() => void) | null = null;
  private readonly heldProceeding = new Map<RingOutCall, () => void>();
  private readonly sequencesSent = new WeakMap<RingOutCall, number>();
  private readonly requestLogLimit: number;
  private readonly lateChangeSeconds: number;
  private readonly controls: ControlRoutes | null;
  private incrementalSyncs = 0;
  /** Draws the latencyJitterMs fault's delays, from the seed so a run can be repeated. */
  private jitterRandom: () => number;
  /** Requests being answered, by duplicateKey (REALITY 23). */
  private readonly inFlight = new Set<string>();

  private constructor(private readonly options: SimulatorOptions) {
    this.realism = realismOf(options.realism);
    this.jitterRandom = ids.seededRandom(options.seed ?? 1);
    const offset = options.clockOffsetMs ?? 0;
    this.clock = new SimClock(options.timeScale ?? 1, offset ? () => Date.now() + offset : Date.now);
    this.tokens = new TokenStore(this.clock, { sessionLimit: this.realism.sessionLimit ? 5 : null, singleUseRefresh: this.realism.singleUseRefreshTokens });
    this.rateLimiter = new RateLimiter(this.clock, {
      lowercaseGroup: this.realism.lowercaseRateLimitGroup,
      penaltyRestarts: this.realism.penaltyRestartsOnRequest,
    });
    this.callLog = new CallLogStore(() => this.clock.now());
    this.account = options.account ?? DEMO_ACCOUNT;
    const app = options.app ?? DEMO_APP;
    this.app = { ...app, redirectUris: [...app.redirectUris, ...(options.redirectUris ?? [])] };
    this.lateChangeSeconds = options.lateChangeSeconds ?? 30;
    this.controls = options.controls ?? null;
    this.scenarios = options.scenarios ?? (options.scenarioFile ? loadScenarioFile(options.scenarioFile) : DEFAULT_SCENARIOS);
    this.autoApprove = options.autoApprove ?? false;
    this.statusExpirySeconds = options.statusExpirySeconds ?? 60;
    this.callLogDelaySeconds = options.callLogDelaySeconds ?? 30;
    this.syncTokenLifetimeSeconds = options.syncTokenLifetimeSeconds ?? 3600;
    this.requestLogLimit = options.requestLogLimit ?? 10_000;
    this.gateway = new WsGateway(
      this.clock,
      this.tokens,
      (req) => this.dispatch(req),
      (id) => this.subscriptions.dropSession(id),
      {
        timeouts: this.realism.gatewayTimeouts,
        singleUseTokens: this.realism.strictWebSocket,
        details: { ...CONNECTION_DETAILS, ...options.connectionDetails },
      },
    );
    this.subscriptions = new SubscriptionStore(this.clock, (id) => this.gateway.isAlive(id));
    this.router.add([
      ...oauthRoutes(this),
      ...accountRoutes(this),
      ...ringOutRoutes(this),
      ...callLogRoutes(this),
      ...subscriptionRoutes(this),
      ...activeCallsRoutes(this),
      ...contactsRoutes({
        baseUrl: () => this.url,
        account: this.account,
        resolvePath: (params, session) => this.resolvePath(params, session),
        contactsFor: (extension) => this.addressBook(extension),
        paging: () => this.realism.addressBookPaging,
        now: () => this.clock.now(),
      }),
    ]);
    // Whatever a local program or web page sends (a `//` path, a reset mid-body), the simulator keeps serving.
    this.server = createServer((req, res) =>
      this.onHttp(req, res).catch(() => {
        if (!res.headersSent) writeResponse(res, apiError(400, 'CMN-101', 'Request could not be read'), this.clock.now());
        else res.destroy();
      }),
    );
    this.server.on('upgrade', (req, socket, head) => {
      socket.on('error', () => socket.destroy());
      if (this.hostAllowed(req.headers.host) && requestTarget(req.url)?.pathname === '/ws') this.gateway.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
  }

  static async start(options: SimulatorOptions = {}): Promise<Simulator> {
    const sim = new Simulator(options);
    await new Promise<void>((resolve, reject) => {
      sim.server.once('error', reject);
      sim.server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    sim.port = (sim.server.address() as AddressInfo).port;
    if (options.seedHistory) sim.seedHistory(options.seedHistory, options.seed, options.seedSpanDays);
    return sim;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  /** The token the control routes want in `X-Simulator-Token`, or null when there are none. */
  get controlToken(): string | null {
    return this.controls?.token ?? null;
  }

  /** The path prefix of the control routes, or null when there are none. */
  get controlPrefix(): string | null {
    return this.controls?.prefix ?? null;
  }

  /** Every API route, as the contract tests enumerate them. */
  routes(): Route[] {
    return this.router.routes();
  }

  // ── accounts ──────────────────────────────────────────────────────────────

  extension(id: number): SimExtension | undefined {
    return this.account.extensions.find((e) => e.id === id);
  }

  /** Resolves `{accountId}` / `{extensionId}` path parameters (`~` = the signed-in one). */
  resolvePath(params: Record<string, string>, session: OAuthSession): { extension: SimExtension } | { error: SimResponse } {
    const accountId = params['accountId'];
    if (accountId !== undefined && accountId !== '~' && accountId !== String(this.account.id)) {
      return { error: apiError(404, 'CMN-102', 'Resource for parameter [accountId] is not found', 'accountId') };
    }
    const extensionParam = params['extensionId'];
    const extensionId = extensionParam === undefined || extensionParam === '~' ? session.extensionId : Number(extensionParam);
    const extension = this.extension(extensionId);
    if (!extension) return { error: apiError(404, 'CMN-102', 'Resource for parameter [extensionId] is not found', 'extensionId') };
    if (extension.id !== session.extensionId) {
      return { error: apiError(403, 'CMN-408', 'In order to call this API endpoint, user needs to have [ReadExtensions] permission for requested resource.') };
    }
    return { extension };
  }

  /** An extension's personal contacts: the demo address book unless a test set its own in `addressBooks`. */
  addressBook(extension: SimExtension): readonly SimContact[] {
    return this.addressBooks.get(extension.id) ?? (extension.id === this.account.extensions[0]?.id ? DEMO_PERSONAL_CONTACTS : []);
  }

  // ── RingOut ───────────────────────────────────────────────────────────────

  startCall(init: RingOutCallInit): RingOutCall {
    const { cancelOnlyBeforeAnswer, disconnectedWithoutReason, answeredNotAccepted, legacyRingOut, callSwitch } = this.realism;
    const call = new RingOutCall(
      { ...init, switchTo: init.switchTo ?? this.switchTarget(init.extensionId, init.ringMeAt) },
      this.clock,
      Math.random,
      {
        partyChanged: (c, party) => this.publishParty(c, party),
        ended: (c) => {
          this.recordCall(c);
          this.sendLateDisconnected(c);
        },
      },
      { cancelOnlyBeforeAnswer, disconnectedWithoutReason, answeredNotAccepted, legacyRingOut, callSwitch },
    );
    this.calls.set(call.id, call);
    call.start();
    return call;
  }

  /** The phone a call switch moves your side to (REALITY 20): your mobile, else another of your phones. */
  private switchTarget(extensionId: number, ringMeAt: string): string | undefined {
    const others = (this.extension(extensionId)?.forwardingNumbers ?? []).filter((f) => f.phoneNumber !== ringMeAt);
    return (others.find((f) => f.type === 'Mobile') ?? others[0])?.phoneNumber;
  }

  callByRingOutId(id: string): RingOutCall | undefined {
    return this.calls.get(id);
  }

  nextIncrementalSync(): number {
    this.incrementalSyncs += 1;
    return this.incrementalSyncs;
  }

  /** The account's own numbers: a RingOut to ring one of them is logged twice (REALITY 12). */
  ownNumbers(): Set<string> {
    const numbers = new Set([this.account.mainNumber]);
    for (const extension of this.account.extensions) {
      numbers.add(extension.directNumber);
      for (const f of extension.forwardingNumbers) if (f.type === 'PhoneLine') numbers.add(f.phoneNumber);
    }
    return numbers;
  }

  /** A call the RingOut status endpoint still knows (live, or ended less than the expiry ago). */
  liveCall(id: string, extensionId: number): RingOutCall | null {
    const call = this.calls.get(id);
    if (!call || call.init.extensionId !== extensionId || call.cancelled) return null;
    // REALITY 17: the status resource goes away soon after the call (off: it stays while the simulator runs).
    const expires = this.realism.ringOutStatusExpires;
    if (expires && call.endedAt !== null && this.clock.now() - call.endedAt >= this.clock.realMs(this.statusExpirySeconds * 1000)) return null;
    return call;
  }

  /** The service resets the call log's sync state: every sync token issued before now answers `CLG-102`. */
  resetCallLogSync(): void {
    this.callLogResets += 1;
  }

  private recordCall(call: RingOutCall): void {
    // A call connected for under half a second is not logged (REALITY 27).
    if (this.realism.shortCallsNotLogged && call.connected && call.talkSimMs < 500) return;
    const extension = this.extension(call.init.extensionId)!;
    const withheld = this.faults.callLog.withhold;
    const delaySeconds = this.callLogDelaySeconds + this.faults.callLog.extraDelaySeconds;
    const visibleFrom = withheld ? Number.POSITIVE_INFINITY : this.clock.now() + this.clock.realMs(delaySeconds * 1000);
    const lastModifiedTime = new Date(Number.isFinite(visibleFrom) ? visibleFrom : this.clock.now()).toISOString();
    const { callerLeg, calleeLeg } = call.legs();
    const user = { phoneNumber: call.init.ringMeAt, name: extension.name };
    const other = { phoneNumber: call.init.to, name: call.init.scenario.calleeName };
    const context = { baseUrl: this.url, accountId: this.account.id, extensionId: extension.id };
    const twoRecords = this.realism.twoRecordRingOut && this.ownNumbers().has(call.init.ringMeAt);
    const full = buildRingOutRecord({
      ...context,
      id: ids.callRecordId(Math.random),
      sessionId: call.sessionId,
      telephonySessionId: call.telephonySessionId,
      flavour: call.init.flavour,
      // Logged in two halves, the RingOut record has its from and to swapped (REALITY 12).
      user: twoRecords ? other : user,
      other: twoRecords ? user : other,
      callerLeg,
      calleeLeg,
      lastModifiedTime,
    });
    const meta = { extensionId: extension.id, telephonySessionId: call.telephonySessionId, visibleFrom };
    if (this.realism.lateRecordChanges && calleeLeg && Number.isFinite(visibleFrom)) {
      // First shown with the caller leg only; the subscriber leg is filled in later (REALITY 14).
      const legs = full['legs'] as Array<Record<string, unknown>>;
      this.callLog.upsert({ ...full, legs: legs.filter((l) => l['master'] === true) }, meta);
      const changeAt = visibleFrom - this.clock.now() + this.clock.realMs(this.lateChangeSeconds * 1000);
      this.clock.after(changeAt * this.clock.timeScale, () => this.callLog.touch(String(full['id']), (record) => (record['legs'] = legs)));
    } else {
      this.callLog.upsert(full, meta);
    }
    if (twoRecords) {
      // The caller leg as its own inbound call to your RingCentral phone, from the other party.
      const inbound = buildOrdinaryRecord({
        ...context,
        id: ids.callRecordId(Math.random),
        sessionId: String(Number(call.sessionId) + 1000 + Math.floor(Math.random() * 3000)),
        direction: 'Inbound',
        action: 'Phone Call',
        result: call.callerAnswered ? 'Accepted' : 'Missed',
        startTime: callerLeg.startTime,
        duration: callerLeg.duration,
        from: other,
        to: user,
        lastModifiedTime,
      });
      this.callLog.upsert(inbound, { ...meta, telephonySessionId: null });
    }
  }

  /** Called at the moment a party changes, before any fault or delivery (benchmarks time from here). */
  readonly partyObservers: Array<(call: RingOutCall, party: PartyState, at: number) => void> = [];

  private publishParty(call: RingOutCall, party: PartyState): void {
    for (const observer of this.partyObservers) observer(call, party, this.clock.now());
    this.pushParty(call, party);
  }

  /** The next sequence of a call's events: on the live service, above 1 from the start and with gaps (REALITY 19). */
  private nextSequence(call: RingOutCall): number {
    if (!this.realism.disorderedPushEvents) return call.nextSequence();
    // Numbers go to parties you never see too: the first is above 1, and some are skipped.
    const seen = this.sequencesSent.get(call) ?? 0;
    this.sequencesSent.set(call, seen + 1);
    return call.nextSequence(seen === 0 ? 3 + Math.floor(Math.random() * 3) : 1 + (seen % 2));
  }

  /**
   * REALITY 19: a while after the end, a lone repeat of your party's `Disconnected` for the
   * session that is already over.
   */
  private sendLateDisconnected(call: RingOutCall): void {
    if (!this.realism.disorderedPushEvents) return;
    const party = { ...call.caller, status: { ...call.caller.status } };
    if (party.status.code !== 'Disconnected') return;
    this.clock.after(LATE_DISCONNECTED_MS, () => this.pushParty(call, party));
  }

  private pushParty(call: RingOutCall, party: PartyState): void {
    const push = this.faults.push;
    if (push.paused) return;
    if (push.withholdCalleeParty && party.ringOutRole === 'Target') return;
    const sequence = this.nextSequence(call);
    const paths = telephonyEventPaths(call.init.accountId, call.init.extensionId);
    const deliver = () => {
      for (const subscription of this.subscriptions.matching([paths.extension, paths.account])) {
        if (subscription.accountId !== call.init.accountId) continue;
        const filters = subscription.eventFilters.map((f) => f.split('?')[0]!);
        const accountLevel = filters.includes(paths.account);
        // The other party is outside your extension: only the account-level filter carries it (REALITY 7).
        if (!accountLevel && party.ringOutRole === 'Target' && this.realism.ownPartyOnlyOnExtensionPush) continue;
        const path = accountLevel ? paths.account : paths.extension;
        const event = {
          ...telephonySessionEvent(call, party, sequence, subscription.id, path, this.realism.realPartyShape, this.clock.now()),
          ownerId: String(subscription.extensionId),
        };
        this.gateway.notify(subscription.wsSessionId, event);
        this.pushCount += 1;
        if (push.duplicateEvery > 0 && this.pushCount % push.duplicateEvery === 0) this.gateway.notify(subscription.wsSessionId, event);
      }
    };
    if (this.realism.disorderedPushEvents) {
      // A later event overtakes an earlier one (REALITY 19): each Proceeding goes out after the
      // call's next event (or on its own if none follows soon).
      const held = this.heldProceeding.get(call);
      if (held) {
        this.heldProceeding.delete(call);
        deliver();
        held();
        return;
      }
      if (party.status.code === 'Proceeding') {
        this.heldProceeding.set(call, deliver);
        this.clock.after(PROCEEDING_HOLD_MS, () => {
          if (this.heldProceeding.get(call) === deliver) {
            this.heldProceeding.delete(call);
            deliver();
          }
        });
        return;
      }
    }
    if (push.reorder) {
      if (this.heldEvent) {
        const held = this.heldEvent;
        this.heldEvent = null;
        deliver();
        held();
      } else {
        this.heldEvent = deliver;
        // Never hold an event for long: if nothing follows, it goes out on its own.
        this.clock.after(2000, () => {
          if (this.heldEvent === deliver) {
            this.heldEvent = null;
            deliver();
          }
        });
      }
      return;
    }
    deliver();
  }

  // ── history ───────────────────────────────────────────────────────────────

  seedHistory(count: number, seed = 1, spanDays?: number): void {
    this.callLog.addMany(
      generateHistory({
        count,
        seed,
        baseUrl: this.url,
        account: this.account,
        messy: this.realism.messyRecords,
        drift: this.realism.enumDrift,
        legacy: this.realism.legacyRingOut,
        until: this.clock.now(),
        ...(spanDays ? { spanDays } : {}),
      }),
    );
  }

  // ── controls ──────────────────────────────────────────────────────────────

  setFaults(patch: FaultsPatch): Faults {
    this.faults = applyFaults(this.faults, patch);
    return this.faults;
  }

  expireAccessTokens(): void {
    this.tokens.expireAllAccessTokens();
  }

  revokeAllTokens(): void {
    this.tokens.revokeAll();
  }

  killWebSockets(): number {
    return this.gateway.killAll();
  }

  /** Back to a fresh start: no calls, records, tokens, subscriptions, faults or log. */
  reset(): void {
    for (const call of this.calls.values()) call.halt();
    this.clock.cancelAll();
    this.calls.clear();
    this.addressBooks.clear();
    this.callLog.clear();
    this.tokens.reset();
    this.rateLimiter.reset();
    this.subscriptions.clear();
    this.gateway.reset();
    this.faults = noFaults();
    this.requestLog = [];
    this.heldEvent = null;
    this.heldProceeding.clear();
    this.pushCount = 0;
    this.incrementalSyncs = 0;
    this.jitterRandom = ids.seededRandom(this.options.seed ?? 1);
  }

  async close(): Promise<void> {
    this.clock.cancelAll();
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ── request handling ──────────────────────────────────────────────────────

  /** Answers one API request, whether it came over HTTP or as a WebSocket ClientRequest. */
  /** One request as the service sees it, with the network's delay (latencyJitterMs) on the way in and out. */
  async dispatch(req: SimRequest): Promise<SimResponse> {
    // The way in: the service counts the request (rate limits) only once it arrives.
    await this.networkJitter();
    const response = await this.answer(req);
    await this.networkJitter();
    return response;
  }

  /** What the service answers, once the request has arrived (no network delay in here). */
  private async answer(req: SimRequest): Promise<SimResponse> {
    const matched = this.router.match(req.method, req.path);
    if (!('route' in matched)) {
      const response = matched.pathExists
        ? apiError(405, 'CMN-405', `Method [${req.method}] is not allowed for this resource`)
        : apiError(404, 'CMN-102', `Resource for parameter [path] is not found`, 'path');
      this.log(req, response.status, null);
      this.observe(req, null, response);
      return response;
    }
    const { route, params } = matched;
    let session: OAuthSession | null = null;
    let authFailure: SimResponse | null = null;
    let rateKey: string;
    if (route.auth === 'bearer') {
      if (req.wsSession) {
        session = req.wsSession.oauth;
      } else {
        const header = req.headers['authorization'] ?? '';
        const token = /^bearer\s+(.+)$/i.exec(header)?.[1];
        const check = this.tokens.checkAccess(token);
        if (!token) authFailure = unauthorized.missing();
        else if (!check.ok)
          authFailure = check.reason === 'expired' ? unauthorized.expired() : check.reason === 'corrupted' ? unauthorized.corrupted() : unauthorized.invalid();
        else session = check.session;
        if (!check.ok && check.session) rateKey = `${check.session.extensionId}:${check.session.clientId}`;
      }
      rateKey ??= session ? `${session.extensionId}:${session.clientId}` : 'anonymous';
    } else {
      rateKey = `app:${clientIdOf(req) ?? 'anonymous'}`;
    }
    if (this.faults.globalRateLimited.remaining > 0) {
      // The platform-wide limit: not counted in, nor described by, the user's groups (no X-Rate-Limit-* headers).
      this.faults.globalRateLimited.remaining -= 1;
      const refused = globalRateLimited(this.clock.wireSeconds(this.faults.globalRateLimited.retryAfterSeconds));
      const response = { ...refused, headers: { RCRequestId: randomUUID(), ...refused.headers } };
      this.log(req, response.status, route);
      this.observe(req, route.operationId, response);
      return response;
    }
    const decision = this.rateLimiter.check(rateKey, route.group);
    let response: SimResponse;
    if (!decision.allowed) response = rateLimited(decision.retryAfterSeconds);
    else if (authFailure) response = authFailure;
    else if (this.faults.serviceUnavailable.remaining > 0) {
      this.faults.serviceUnavailable.remaining -= 1;
      response = serviceUnavailable(this.clock.wireSeconds(this.faults.serviceUnavailable.retryAfterSeconds));
    } else {
      try {
        response = await route.handle({ req, params, session });
      } catch (error) {
        response = apiError(500, 'CMN-500', `Internal error: ${(error as Error).message}`);
      }
    }
    response = { ...response, headers: { ...decision.headers, RCRequestId: randomUUID(), ...response.headers } };
    this.log(req, response.status, route);
    this.observe(req, route.operationId, response);
    return response;
  }

  private async networkJitter(): Promise<void> {
    const max = this.faults.latencyJitterMs;
    if (max > 0) await delay(Math.floor(this.jitterRandom() * (max + 1)));
  }

  private observe(req: SimRequest, operationId: string | null, response: SimResponse): void {
    for (const observer of this.observers) observer({ req, operationId, response });
  }

  private log(req: SimRequest, status: number, route: Route | null): void {
    this.requestLog.push({
      at: this.clock.iso(),
      method: req.method,
      path: req.path,
      query: req.query.toString(),
      status,
      operationId: route?.operationId ?? null,
      group: route?.group ?? null,
      via: req.via,
    });
    if (this.requestLog.length > this.requestLogLimit) this.requestLog.splice(0, this.requestLog.length - this.requestLogLimit);
  }

  /** Only this machine's names for this port: a page elsewhere cannot rebind a name to us. */
  private hostAllowed(host: string | undefined): boolean {
    return host !== undefined && [`127.0.0.1:${this.port}`, `localhost:${this.port}`, `[::1]:${this.port}`].includes(host.toLowerCase());
  }

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.hostAllowed(req.headers.host)) {
      req.resume();
      writeResponse(res, apiError(421, 'CMN-421', 'Host header must name this simulator on 127.0.0.1, localhost or [::1]'), this.clock.now());
      return;
    }
    const url = requestTarget(req.url);
    if (!url) {
      req.resume();
      writeResponse(res, apiError(400, 'CMN-101', 'Request path is not valid'), this.clock.now());
      return;
    }
    if (this.controls && url.pathname.startsWith(this.controls.prefix)) {
      const body = await readBody(req);
      if (body.unsupported) return writeResponse(res, unsupportedMediaType(), this.clock.now());
      const token = req.headers['x-simulator-token'];
      writeResponse(res, await this.controls.handle(this, req.method ?? 'GET', url, body.parsed, typeof token === 'string' ? token : null), this.clock.now());
      return;
    }
    if (url.pathname === LOGIN_PATH && req.method === 'GET') {
      writeResponse(res, loginPage(this, url.searchParams), this.clock.now());
      return;
    }
    if (this.faults.networkDown || this.faults.dropNextRequests > 0) {
      if (this.faults.dropNextRequests > 0) this.faults.dropNextRequests -= 1;
      req.socket.destroy();
      return;
    }
    const body = await readBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
    const simRequest: SimRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers, body: body.parsed, via: 'http' };
    if (body.unsupported || body.malformed) {
      const answer = body.unsupported ? unsupportedMediaType() : apiError(400, 'CMN-101', 'Request body is not valid JSON');
      writeResponse(res, answer, this.clock.now());
      this.log(simRequest, answer.status, null);
      return;
    }
    // The network's delay comes before the service sees the request and after it answered: it
    // never counts as the request being answered (REALITY 23 below).
    await this.networkJitter();
    // REALITY 23: a request identical to one still being answered is refused (CMN-304), not answered twice.
    const key = this.realism.duplicateRequestRefused ? duplicateKey(simRequest) : null;
    if (key !== null && this.inFlight.has(key)) {
      const refusal = duplicateRequest();
      const refused = { ...refusal, headers: { ...refusal.headers, RCRequestId: randomUUID() } };
      const matched = this.router.match(simRequest.method, simRequest.path);
      const route = 'route' in matched ? matched.route : null;
      this.log(simRequest, refused.status, route);
      this.observe(simRequest, route?.operationId ?? null, refused);
      writeResponse(res, refused, this.clock.now());
      return;
    }
    if (key !== null) this.inFlight.add(key);
    let response: SimResponse;
    try {
      response = await this.answer(simRequest);
      if (this.faults.slowResponseMs > 0) await delay(this.clock.realMs(this.faults.slowResponseMs));
    } finally {
      if (key !== null) this.inFlight.delete(key);
    }
    await this.networkJitter();
    writeResponse(res, response, this.clock.now());
  }
}

/** A request target as a URL, or null (`//`, `*`, junk): `new URL('//', base)` would throw. */
function requestTarget(target: string | undefined): URL | null {
  if (!target?.startsWith('/')) return null;
  try {
    return new URL(`http://127.0.0.1${target}`);
  } catch {
    return null;
  }
}

/** What makes two requests "identical" (REALITY 23): the same credentials, method, path, query and body. */
function duplicateKey(req: SimRequest): string {
  return JSON.stringify([req.headers['authorization'] ?? '', req.method, req.path, req.query.toString(), req.body ?? null]);
}

function unsupportedMediaType(): SimResponse {
  return apiError(415, 'CMN-415', 'Content type is not supported: send application/json (or a form for OAuth)');
}

function clientIdOf(req: SimRequest): string | null {
  const basic = /^basic\s+(.+)$/i.exec(req.headers['authorization'] ?? '')?.[1];
  if (basic) return Buffer.from(basic, 'base64').toString().split(':')[0] ?? null;
  const fromBody = (req.body as Record<string, unknown> | null)?.['client_id'];
  if (typeof fromBody === 'string') return fromBody;
  return req.query.get('client_id');
}

/** A body is JSON only when it says so (`application/json` or `…+json`), or a form; anything else is refused. */
async function readBody(req: IncomingMessage): Promise<{ parsed: unknown; malformed: boolean; unsupported: boolean }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return { parsed: undefined, malformed: false, unsupported: false };
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return { parsed: Object.fromEntries(new URLSearchParams(text)), malformed: false, unsupported: false };
  if (type !== 'application/json' && !/^application\/[\w.-]+\+json$/.test(type)) return { parsed: undefined, malformed: false, unsupported: true };
  try {
    return { parsed: JSON.parse(text), malformed: false, unsupported: false };
  } catch {
    return { parsed: text, malformed: true, unsupported: false };
  }
}

function writeResponse(res: ServerResponse, response: SimResponse, now: number): void {
  // The service's own time (clockOffsetMs), as clients learn it from the Date header.
  const headers: Record<string, string> = { Date: new Date(now).toUTCString(), ...response.headers };
  let payload: string | undefined;
  if (typeof response.body === 'string') {
    payload = response.body;
    headers['Content-Type'] = response.contentType ?? 'text/plain; charset=utf-8';
  } else if (response.body !== undefined) {
    payload = JSON.stringify(response.body);
    headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}
