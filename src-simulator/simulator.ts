import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { DEMO_PERSONAL_CONTACTS, type SimContact } from './account/contacts-seed';
import { resolveExtensionPath } from './account/resolve-path';
import { DEMO_ACCOUNT, DEMO_APP, type SimAccount, type SimApp, type SimExtension } from './account/demo-account';
import { seedEveryUser } from './account/team-account';
import type { ControllableSim, ControlRoutes } from './context';
import { CallLogStore } from './call-log/call-log-store';
import { recordCall } from './call-log/call-recorder';
import { generateHistory } from './call-log/seed';
import { SimClock } from './clock';
import type { SimulatorOptions } from './options';
import * as ids from './ids';
import { applyFaults, noFaults, type Faults, type FaultsPatch } from './faults';
import { apiError, duplicateRequest, globalRateLimited, rateLimited, serviceUnavailable } from './http/errors';
import { RateLimiter } from './http/rate-limits';
import { Router, type Route } from './http/router';
import type { LoggedRequest, SimRequest, SimResponse } from './http/types';
import { duplicateKey, readBody, requestTarget, unsupportedMediaType, writeResponse } from './http/wire';
import { identifyCaller } from './oauth/caller';
import { TokenStore, type OAuthSession } from './oauth/token-store';
import { SubscriptionStore } from './push/subscriptions';
import { PartyPublisher } from './push/party-publisher';
import { CONNECTION_DETAILS, WsGateway } from './push/ws-gateway';
import { realismOf, type Realism } from './realism';
import { RingOutCall, type PartyState, type RingOutCallInit } from './ringout/ringout-call';
import { DEFAULT_SCENARIOS, loadScenarioFile, type ScenarioTable } from './ringout/scenarios';
import { LOGIN_PATH, loginPage } from './routes/login-page';
import { apiRoutes } from './routes/api-routes';

export { LATE_DISCONNECTED_MS } from './push/party-publisher';
export type { SimulatorOptions } from './options';

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
  /** Requests dropped by the networkDown / dropNextRequests faults (tests wait for a client to have tried). */
  droppedRequests = 0;
  private readonly router = new Router();
  private readonly server: Server;
  private port = 0;
  private readonly publisher: PartyPublisher;
  private readonly requestLogLimit: number;
  readonly lateChangeSeconds: number;
  private readonly controls: ControlRoutes | null;
  private incrementalSyncs = 0;
  /** Draws the latencyJitterMs fault's delays, from the seed so a run can be repeated. */
  private jitterRandom: () => number;
  /** Requests being answered, by duplicateKey (REALITY 23). */
  private readonly inFlight = new Set<string>();

  private constructor(private readonly options: SimulatorOptions) {
    this.realism = realismOf(options.realism);
    this.jitterRandom = ids.seededRandom(options.seed ?? 1);
    this.clock = new SimClock(options.timeScale ?? 1, options.clock, options.clockOffsetMs ?? 0);
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
    this.publisher = new PartyPublisher(this);
    this.router.add(apiRoutes(this));
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
    if (options.seedHistoryPerUser) sim.seedEveryUser(options.seedHistoryPerUser, options.seed, options.seedSpanDays);
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
    return resolveExtensionPath(this.account, params, session);
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
          recordCall(this, c);
          this.publisher.sendLateDisconnected(c);
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

  /** Called at the moment a party changes, before any fault or delivery (benchmarks time from here). */
  readonly partyObservers: Array<(call: RingOutCall, party: PartyState, at: number) => void> = [];

  private publishParty(call: RingOutCall, party: PartyState): void {
    for (const observer of this.partyObservers) observer(call, party, this.clock.now());
    this.publisher.pushParty(call, party);
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

  /** Every user of the account gets `perUser` calls of history (the team account's 50 users). */
  seedEveryUser(perUser: number, seed = 1, spanDays?: number): void {
    seedEveryUser({
      callLog: this.callLog,
      account: this.account,
      baseUrl: this.url,
      perUser,
      seed,
      until: this.clock.now(),
      messy: this.realism.messyRecords,
      drift: this.realism.enumDrift,
      legacy: this.realism.legacyRingOut,
      ...(spanDays ? { spanDays } : {}),
    });
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
    this.publisher.reset();
    this.incrementalSyncs = 0;
    this.droppedRequests = 0;
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
    const { session, authFailure, rateKey } = identifyCaller(this.tokens, route, req);
    if (this.faults.globalRateLimited.remaining > 0) {
      // The platform-wide limit: not counted in, nor described by, the user's groups (no X-Rate-Limit-* headers).
      this.faults.globalRateLimited.remaining -= 1;
      const refused = globalRateLimited(this.clock.wireWaitSeconds(this.faults.globalRateLimited.retryAfterSeconds));
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
      response = serviceUnavailable(this.clock.wireWaitSeconds(this.faults.serviceUnavailable.retryAfterSeconds));
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
      this.droppedRequests += 1;
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
