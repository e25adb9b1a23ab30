import type { Event } from '../../../src-shared/emitter';
import type { ExtensionInfo, RingCentralApi } from '../ringcentral/api';
import type { Session, SessionState } from './session';

/** What the core does around a sign-in and a sign-out (learn the account, start and stop push). */
export interface SessionHooks {
  /** Settles once the work after a sign-in (resume calls, start push, sync) has run. */
  afterSignIn(): Promise<void>;
  beforeSignOut(): Promise<void>;
}

/** `core.session`: signing in and out of RingCentral, and who is signed in. */
export class SessionFacade {
  constructor(
    private readonly session: Session,
    private readonly api: RingCentralApi,
    private readonly hooks: SessionHooks,
  ) {}

  get state(): SessionState {
    return this.session.state;
  }

  /** The RingCentral server this core talks to. */
  get serverUrl(): string {
    return this.session.config.server;
  }

  /** The signed-in user's extension (name and number). */
  account(): Promise<ExtensionInfo> {
    return this.api.extension();
  }

  async signInWithJwt(jwt: string): Promise<void> {
    await this.session.signInWithJwt(jwt);
    await this.hooks.afterSignIn();
  }

  beginBrowserSignIn(redirectUri: string): string {
    return this.session.beginBrowserSignIn(redirectUri);
  }

  /** Before opening the browser: does RingCentral take this sign-in's redirect URI? (throws the explanation if not) */
  checkBrowserSignIn(url: string, redirectUri: string): Promise<void> {
    return this.session.checkAuthorizeUrl(url, redirectUri);
  }

  async completeBrowserSignIn(callbackUrl: string, redirectUri: string): Promise<void> {
    await this.session.completeBrowserSignIn(callbackUrl, redirectUri);
    await this.hooks.afterSignIn();
  }

  async signOut(): Promise<{ revoked: boolean }> {
    await this.hooks.beforeSignOut();
    return this.session.signOut();
  }

  get onChanged(): Event<SessionState> {
    return this.session.onChange;
  }
}
