import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { DEMO_ACCOUNT, DEMO_APP, type SimAccount, type SimApp, type SimExtension } from './account/demo-account';
import { CallLogStore } from './call-log/call-log-store';
import { buildRingOutRecord } from './call-log/record-builder';
import { generateHistory } from './call-log/seed';
import { SimClock } from './clock';
import * as ids from './ids';
import { applyFaults, noFaults, type Faults, type FaultsPatch } from './faults';
import { apiError, rateLimited, serviceUnavailable, unauthorized } from './http/errors';
import { RateLimiter } from './http/rate-limits';
import { Router, type Route } from './http/router';
import type { LoggedRequest, SimRequest, SimResponse } from './http/types';
import { TokenStore, type OAuthSession } from './oauth/token-store';
import { SubscriptionStore } from './push/subscriptions';
import { telephonyEventPaths, telephonySessionEvent } from './push/telephony-events';
import { WsGateway } from './push/ws-gateway';
import { RingOutCall, type PartyState } from './ringout/ringout-call';
import { DEFAULT_SCENARIOS, loadScenarioFile, type ScenarioTable } from './ringout/scenarios';
import { accountRoutes } from './routes/account-routes';
import { callLogRoutes } from './routes/call-log-routes';
import { contactsRoutes } from './routes/contacts-routes';
import { controlRoutes } from './routes/control-routes';
import { oauthRoutes } from './routes/oauth-routes';
import { ringOutRoutes } from './routes/ringout-routes';
import { subscriptionRoutes } from './routes/subscription-routes';

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
}

/**
 * A faithful stand-in for the parts of RingCentral that Ringside uses (spec/ringcentral):
 * OAuth, account info, RingOut, call log and sync, telephony-session push over WebSocket,
 * rate limits, plus controls for tests (time scale, faults, reset, request log).
 */
export class Simulator {
  readonly clock: SimClock;
  readonly tokens: TokenStore;
  readonly rateLimiter: RateLimiter;
  readonly callLog: CallLogStore;
  readonly subscriptions: SubscriptionStore;
  readonly gateway: WsGateway;
  readonly calls = new Map<string, RingOutCall>();
  readonly account: SimAccount;
  readonly app: SimApp;
  scenarios: ScenarioTable;
  faults: Faults = noFaults();
  requestLog: LoggedRequest[] = [];
  /** Called with every API answer (contract tests validate each one against the spec). */
  readonly observers: Array<(exchange: { req: SimRequest; operationId: string | null; response: SimResponse }) => void> = [];
  autoApprove: boolean;
  statusExpirySeconds: number;
  callLogDelaySeconds: number;
  private readonly router = new Router();
  private readonly server: Server;
  private port = 0;
  private pushCount = 0;
  private heldEvent: (() => void) | null = null;
  private readonly requestLogLimit: number;

  private constructor(private readonly options: SimulatorOptions) {
    this.clock = new SimClock(options.timeScale ?? 1);
    this.tokens = new TokenStore(this.clock);
    this.rateLimiter = new RateLimiter(this.clock);
    this.callLog = new CallLogStore(() => this.clock.now());
    this.account = options.account ?? DEMO_ACCOUNT;
    this.app = options.app ?? DEMO_APP;
    this.scenarios = options.scenarios ?? (options.scenarioFile ? loadScenarioFile(options.scenarioFile) : DEFAULT_SCENARIOS);
    this.autoApprove = options.autoApprove ?? false;
    this.statusExpirySeconds = options.statusExpirySeconds ?? 60;
    this.callLogDelaySeconds = options.callLogDelaySeconds ?? 30;
    this.requestLogLimit = options.requestLogLimit ?? 10_000;
    this.gateway = new WsGateway(this.clock, this.tokens, (req) => this.dispatch(req), (id) => this.subscriptions.dropSession(id));
    this.subscriptions = new SubscriptionStore(this.clock, (id) => this.gateway.isAlive(id));
    this.router.add([
      ...oauthRoutes(this),
      ...accountRoutes(this),
      ...ringOutRoutes(this),
      ...callLogRoutes(this),
      ...subscriptionRoutes(this),
      ...contactsRoutes({ baseUrl: () => this.url, account: this.account, resolvePath: (params, session) => this.resolvePath(params, session) }),
    ]);
    this.server = createServer((req, res) => void this.onHttp(req, res));
    this.server.on('upgrade', (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://x').pathname === '/ws') this.gateway.handleUpgrade(req, socket, head);
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

  // ── RingOut ───────────────────────────────────────────────────────────────

  startCall(init: ConstructorParameters<typeof RingOutCall>[0]): RingOutCall {
    const call = new RingOutCall(init, this.clock, Math.random, {
      partyChanged: (c, party) => this.publishParty(c, party),
      ended: (c) => this.recordCall(c),
    });
    this.calls.set(call.id, call);
    call.start();
    return call;
  }

  /** A call the RingOut status endpoint still knows (live, or ended less than the expiry ago). */
  liveCall(id: string, extensionId: number): RingOutCall | null {
    const call = this.calls.get(id);
    if (!call || call.init.extensionId !== extensionId || call.cancelled) return null;
    if (call.endedAt !== null && this.clock.now() - call.endedAt >= this.clock.realMs(this.statusExpirySeconds * 1000)) return null;
    return call;
  }

  private recordCall(call: RingOutCall): void {
    const extension = this.extension(call.init.extensionId)!;
    const withheld = this.faults.callLog.withhold;
    const delaySeconds = this.callLogDelaySeconds + this.faults.callLog.extraDelaySeconds;
    const visibleFrom = withheld ? Number.POSITIVE_INFINITY : this.clock.now() + this.clock.realMs(delaySeconds * 1000);
    const { callerLeg, calleeLeg } = call.legs();
    const record = buildRingOutRecord({
      baseUrl: this.url,
      accountId: this.account.id,
      extensionId: extension.id,
      id: ids.callRecordId(Math.random),
      sessionId: call.sessionId,
      flavour: call.init.flavour,
      user: { phoneNumber: call.init.ringMeAt, name: extension.name },
      other: { phoneNumber: call.init.to, name: call.init.scenario.calleeName },
      callerLeg,
      calleeLeg,
      lastModifiedTime: new Date(Number.isFinite(visibleFrom) ? visibleFrom : this.clock.now()).toISOString(),
    });
    this.callLog.upsert(record, { extensionId: extension.id, telephonySessionId: call.telephonySessionId, visibleFrom });
  }

  /** Called at the moment a party changes, before any fault or delivery (benchmarks time from here). */
  readonly partyObservers: Array<(call: RingOutCall, party: PartyState, at: number) => void> = [];

  private publishParty(call: RingOutCall, party: PartyState): void {
    for (const observer of this.partyObservers) observer(call, party, this.clock.now());
    const push = this.faults.push;
    if (push.paused) return;
    if (push.withholdCalleeParty && party.ringOutRole === 'Target') return;
    const sequence = call.nextSequence();
    const paths = telephonyEventPaths(call.init.accountId, call.init.extensionId);
    const deliver = () => {
      for (const subscription of this.subscriptions.matching(paths)) {
        if (subscription.accountId !== call.init.accountId) continue;
        const path = subscription.eventFilters.find((f) => paths.includes(f.split('?')[0]!)) ?? paths[0]!;
        const event = telephonySessionEvent(call, party, sequence, subscription.id, path);
        this.gateway.notify(subscription.wsSessionId, event);
        this.pushCount += 1;
        if (push.duplicateEvery > 0 && this.pushCount % push.duplicateEvery === 0) this.gateway.notify(subscription.wsSessionId, event);
      }
    };
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
    this.callLog.addMany(generateHistory({ count, seed, baseUrl: this.url, account: this.account, ...(spanDays ? { spanDays } : {}) }));
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
    for (const call of this.calls.values()) call.cancel();
    this.clock.cancelAll();
    this.calls.clear();
    this.callLog.clear();
    this.tokens.reset();
    this.rateLimiter.reset();
    this.subscriptions.clear();
    this.gateway.reset();
    this.faults = noFaults();
    this.requestLog = [];
    this.heldEvent = null;
    this.pushCount = 0;
  }

  async close(): Promise<void> {
    this.clock.cancelAll();
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ── request handling ──────────────────────────────────────────────────────

  /** Answers one API request, whether it came over HTTP or as a WebSocket ClientRequest. */
  async dispatch(req: SimRequest): Promise<SimResponse> {
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
        else if (!check.ok) authFailure = check.reason === 'expired' ? unauthorized.expired() : unauthorized.invalid();
        else session = check.session;
        if (!check.ok && check.session) rateKey = `${check.session.extensionId}:${check.session.clientId}`;
      }
      rateKey ??= session ? `${session.extensionId}:${session.clientId}` : 'anonymous';
    } else {
      rateKey = `app:${clientIdOf(req) ?? 'anonymous'}`;
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

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname.startsWith('/_simulator/')) {
      const body = await readBody(req);
      const answer = await controlRoutes(this, req.method ?? 'GET', url, body.parsed);
      writeResponse(res, answer);
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
    if (body.malformed) {
      writeResponse(res, apiError(400, 'CMN-101', 'Request body is not valid JSON'));
      this.log(simRequest, 400, null);
      return;
    }
    const response = await this.dispatch(simRequest);
    if (this.faults.slowResponseMs > 0) await delay(this.clock.realMs(this.faults.slowResponseMs));
    writeResponse(res, response);
  }
}

function clientIdOf(req: SimRequest): string | null {
  const basic = /^basic\s+(.+)$/i.exec(req.headers['authorization'] ?? '')?.[1];
  if (basic) return Buffer.from(basic, 'base64').toString().split(':')[0] ?? null;
  const fromBody = (req.body as Record<string, unknown> | null)?.['client_id'];
  if (typeof fromBody === 'string') return fromBody;
  return req.query.get('client_id');
}

async function readBody(req: IncomingMessage): Promise<{ parsed: unknown; malformed: boolean }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return { parsed: undefined, malformed: false };
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/x-www-form-urlencoded')) return { parsed: Object.fromEntries(new URLSearchParams(text)), malformed: false };
  try {
    return { parsed: JSON.parse(text), malformed: false };
  } catch {
    return { parsed: text, malformed: type.includes('json') };
  }
}

function writeResponse(res: ServerResponse, response: SimResponse): void {
  const headers: Record<string, string> = { ...response.headers };
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
