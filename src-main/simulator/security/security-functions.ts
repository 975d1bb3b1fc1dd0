// The security functions of one virtual MX controller wired together, for the controller core to hold:
// every model records into the one event history, settings changes are authorized as parameter writes,
// and the whole non-volatile state is one JSON document for the state directory.

import { BandwidthLimiter, FACTORY_BANDWIDTH, validateBandwidthSettings, type BandwidthSettings } from './bandwidth-limiter';
import { DefaultOpenPorts, enhancedSecurityPreset, type ControllerFamily, type PortId, type PortStates, type ServiceId } from './default-open-ports';
import { EventHistory, type EventDraft, type EventHistoryState, type Peer } from './event-history';
import { FACTORY_IP_FILTER, IpFilter, validateIpFilter, type EntryIssue, type IpFilterSettings } from './ip-filter';
import { Operation } from './operations';
import { refuse, SecurityStateError, type Outcome } from './security-result';
import { UserAuthentication, type UserAuthenticationState } from './user-authentication';
import type { KdfParams } from '../../crypto/password-hash';

export interface SecurityFunctionsState {
  readonly version: 1;
  readonly family: ControllerFamily;
  readonly userAuthentication: UserAuthenticationState;
  readonly eventHistory: EventHistoryState;
  readonly ipFilter: IpFilterSettings;
  readonly bandwidth: BandwidthSettings;
  readonly ports: PortStates;
}

export interface SecurityFunctionsOptions {
  readonly family: ControllerFamily;
  /** the DEVICE clock */
  readonly now: () => Date;
  /** per-device secret of the event history's manipulation check (kept in the state directory, never sent) */
  readonly eventKey: Uint8Array;
  readonly kdf?: KdfParams;
}

export type AdmitResult = { readonly allowed: true } | { readonly allowed: false; readonly reason: 'ip-filter' | 'closed-port' };

export class SecurityFunctions {
  readonly family: ControllerFamily;
  readonly eventHistory: EventHistory;
  readonly userAuthentication: UserAuthentication;
  readonly ports: DefaultOpenPorts;
  #ipFilter: IpFilter;
  #bandwidth: BandwidthLimiter;

  constructor(options: SecurityFunctionsOptions, state?: SecurityFunctionsState) {
    if (state && (state.version !== 1 || state.family !== options.family)) {
      throw new SecurityStateError(`The saved security state is for ${state.family ?? 'another model'}, not ${options.family}; start this device from its factory state.`);
    }
    this.family = options.family;
    const clock = { key: options.eventKey, now: options.now };
    this.eventHistory = state ? EventHistory.fromJSON(state.eventHistory, clock) : new EventHistory(clock);
    const authOptions = { now: options.now, sink: this.eventHistory.sink, ...(options.kdf !== undefined && { kdf: options.kdf }) };
    this.userAuthentication = state ? UserAuthentication.fromJSON(state.userAuthentication, authOptions) : new UserAuthentication(authOptions);
    this.ports = new DefaultOpenPorts(options.family, state?.ports);
    this.#ipFilter = new IpFilter(state?.ipFilter ?? FACTORY_IP_FILTER);
    this.#bandwidth = new BandwidthLimiter(state?.bandwidth ?? FACTORY_BANDWIDTH, { sink: this.eventHistory.sink });
  }

  static fromJSON(state: SecurityFunctionsState, options: SecurityFunctionsOptions): SecurityFunctions {
    return new SecurityFunctions(options, state);
  }

  toJSON(): SecurityFunctionsState {
    return {
      version: 1,
      family: this.family,
      userAuthentication: this.userAuthentication.toJSON(),
      eventHistory: this.eventHistory.toJSON(),
      ipFilter: this.#ipFilter.toJSON(),
      bandwidth: this.#bandwidth.toJSON(),
      ports: this.ports.toJSON(),
    };
  }

  get ipFilter(): IpFilter {
    return this.#ipFilter;
  }

  get bandwidth(): BandwidthLimiter {
    return this.#bandwidth;
  }

  /** A new connection: IP filter first (2.4.8), then the port's open/closed state (2.4.9); refusals are recorded. */
  admit(peer: Peer, port: PortId, service: ServiceId): AdmitResult {
    const ip = this.#ipFilter.check(peer.address);
    if (!ip.allowed) {
      this.eventHistory.append({ name: 'ip-filter-refused', peer, detail: ip.reason });
      return { allowed: false, reason: 'ip-filter' };
    }
    const open = this.ports.accessDecision(port, service, peer);
    if (!open.allowed) {
      this.eventHistory.append(open.event);
      return { allowed: false, reason: 'closed-port' };
    }
    return { allowed: true };
  }

  /** Writes the IP filter (a parameter write); returns the warnings to show. */
  setIpFilter(sessionId: string | null, settings: IpFilterSettings, peer?: Peer): Outcome<{ warnings: readonly EntryIssue[] }> {
    const denied = this.#authorizeParameterWrite(sessionId, peer);
    if (denied) return denied;
    const validation = validateIpFilter(settings);
    if (!validation.ok) return refuse('invalid-setting', validation.errors.map((e) => e.message).join(' '), '2.4.8');
    this.#ipFilter = new IpFilter(settings);
    this.#changed(sessionId, peer, `IP filter ${settings.enabled ? 'on' : 'off'}, ${settings.mode}-list, ${settings.entries.length} entries`);
    return { ok: true, warnings: validation.warnings };
  }

  setBandwidth(sessionId: string | null, settings: BandwidthSettings, peer?: Peer): Outcome {
    const denied = this.#authorizeParameterWrite(sessionId, peer);
    if (denied) return denied;
    const problems = validateBandwidthSettings(settings);
    if (problems.length > 0) return refuse('invalid-setting', problems.join(' '), '2.4.10.1');
    this.#bandwidth = new BandwidthLimiter(settings, { sink: this.eventHistory.sink });
    this.#changed(sessionId, peer, `bandwidth limitation ${settings.enabled ? 'on' : 'off'}, send ${settings.sendBytesPerSecond} B/s, receive ${settings.receiveBytesPerSecond} B/s`);
    return { ok: true };
  }

  setPort(sessionId: string | null, port: PortId, service: ServiceId, open: boolean, peer?: Peer): Outcome {
    const denied = this.#authorizeParameterWrite(sessionId, peer);
    if (denied) return denied;
    const result = this.ports.set(port, service, open);
    if (result.ok) this.#changed(sessionId, peer, `${service} on ${port} ${open ? 'opened' : 'closed'}`);
    return result;
  }

  /** The engineering tool's "enhanced security setting" (facts), applied as one parameter write. */
  applyEnhancedSecurityPreset(sessionId: string | null, peer?: Peer): Outcome {
    const denied = this.#authorizeParameterWrite(sessionId, peer);
    if (denied) return denied;
    const preset = enhancedSecurityPreset(this.family);
    const applied = this.ports.apply(preset.ports);
    if (!applied.ok) return applied;
    this.#ipFilter = new IpFilter(preset.ipFilter);
    if (preset.eventHistory) this.eventHistory.updateSettings(preset.eventHistory);
    this.#changed(sessionId, peer, 'enhanced security setting applied');
    return { ok: true };
  }

  /**
   * 2.4.1: deletes the security settings, the event history and the users; access is then permitted
   * without logon (Table 17 row 1). The controller authorizes Operation.InitializeAll before calling.
   * The initialization is the first record of the new history.
   */
  initializeAll(by?: { readonly user?: string; readonly peer?: Peer }): void {
    this.userAuthentication.initializeAll();
    this.eventHistory.initialize();
    this.ports.apply(new DefaultOpenPorts(this.family).toJSON());
    this.#ipFilter = new IpFilter(FACTORY_IP_FILTER);
    this.#bandwidth = new BandwidthLimiter(FACTORY_BANDWIDTH, { sink: this.eventHistory.sink });
    const draft: EventDraft = { name: 'initialize-all', ...(by?.user !== undefined && { user: by.user }), ...(by?.peer !== undefined && { peer: by.peer }) };
    this.eventHistory.append(draft);
  }

  #authorizeParameterWrite(sessionId: string | null, peer?: Peer) {
    const decision = this.userAuthentication.authorize(sessionId, Operation.ParameterWrite, peer);
    if (decision.allowed) return null;
    this.eventHistory.append(decision.event);
    return refuse(decision.reason, decision.message, decision.ref, decision.endCode);
  }

  #changed(sessionId: string | null, peer: Peer | undefined, detail: string): void {
    const user = sessionId === null ? undefined : this.userAuthentication.session(sessionId)?.userName;
    this.eventHistory.append({ name: 'security-setting-change', detail, ...(user !== undefined && { user }), ...(peer !== undefined && { peer }) });
  }
}
