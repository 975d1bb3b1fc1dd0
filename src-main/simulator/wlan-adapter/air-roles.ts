// The two roles on the virtual air: an access point (an adapter in AP mode, 4.4.4) and a station (an adapter
// in STA mode, or a test station). Association follows the configured authentication mode (Table 46):
// open-system or SAE authentication, association, then the 4-way handshake; data frames are sealed with
// the negotiated temporal key. Every refusal is a reason the AP logs (4.4.6) and the station remembers.
import type { WirelessAuthenticationMode } from '../../model/security-settings';
import { SaeParty, eapolMic, nonce32, openData, oweKeyPair, owePmk, pairwiseKeys, pskPmk, sameHex, sealData, type Akm, type PairwiseKeys, type SaeCommit } from './air-crypto';
import { BEACON_INTERVAL_MS, JOIN_ATTEMPT_TIMEOUT_MS, JOIN_RETRY_MS } from './adapter-choices';
import { BROADCAST, type AirFrame, type AirRadio } from './virtual-air';

export interface WirelessConfig {
  ssid: string;
  channel: number;
  authentication: WirelessAuthenticationMode;
  /** The personal modes' passphrase (never sent on the air; it only derives keys). */
  passphrase: string;
  stealth: boolean;
  /** The wireless LAN MAC address filter (4.4.3): the AP admits only listed stations, a station joins only listed APs. */
  macFilter: { enabled: boolean; entries: string[] };
}

/** The AKM a mode negotiates; 'enterprise' needs a RADIUS server, which the virtual air does not have. */
export function akmOf(mode: WirelessAuthenticationMode): Akm | 'enterprise' {
  if (mode === 'WPA3-Personal') return 'sae';
  if (mode === 'WPA2-Personal' || mode === 'WPA/WPA2-Personal') return 'psk';
  if (mode === 'Enhanced Open') return 'owe';
  if (mode === 'Open') return 'open';
  return 'enterprise';
}

const allowed = (filter: WirelessConfig['macFilter'], mac: string): boolean => !filter.enabled || filter.entries.includes(mac.toUpperCase());

interface Peer {
  keys?: PairwiseKeys;
  txPn: number;
  rxPn: number;
}

function seal(akm: Akm, peer: Peer, src: string, dst: string, payload: Buffer): Record<string, unknown> {
  if (akm === 'open') return { plaintext: payload.toString('hex') };
  return sealData(peer.keys!.tk, src, dst, ++peer.txPn, payload);
}

function unseal(akm: Akm, peer: Peer, src: string, dst: string, f: AirFrame): Buffer | null {
  if (akm === 'open') return typeof f.plaintext === 'string' ? Buffer.from(f.plaintext, 'hex') : null;
  if (!peer.keys || typeof f.pn !== 'number' || typeof f.ciphertext !== 'string' || typeof f.mic !== 'string') return null;
  if (f.pn <= peer.rxPn) return null; // replayed
  const plain = openData(peer.keys.tk, src, dst, { pn: f.pn, ciphertext: f.ciphertext, mic: f.mic });
  if (plain) peer.rxPn = f.pn;
  return plain;
}

export interface RoleEvents {
  log(text: string): void;
  onData(from: string, payload: Buffer): void;
}

// ------------------------------------------------------------------------------------------------

interface StationState extends Peer {
  stage: 'authenticated' | 'associated' | 'm1-sent' | 'joined';
  akm: Akm;
  sae?: SaeParty;
  pmk?: Buffer;
  aNonce?: Buffer;
  owePublic?: string;
  startedAt: number;
}

export class AccessPoint {
  private readonly stations = new Map<string, StationState>();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly radio: AirRadio, readonly bssid: string, private readonly config: () => WirelessConfig, private readonly events: RoleEvents) {}

  start(): void {
    this.unsubscribe = this.radio.onFrame((f) => this.hear(f));
    this.timer = setInterval(() => this.beacon(), BEACON_INTERVAL_MS);
    this.timer.unref();
    this.beacon();
  }

  stop(): void {
    clearInterval(this.timer);
    this.unsubscribe?.();
    for (const mac of this.stations.keys()) this.send(mac, { type: 'deauth', reason: 'AP stopped' });
    this.stations.clear();
  }

  joinedStations(): string[] {
    return [...this.stations].filter(([, s]) => s.stage === 'joined').map(([m]) => m);
  }

  sendData(payload: Buffer): void {
    for (const [mac, s] of this.stations) if (s.stage === 'joined') this.send(mac, { type: 'data', ...seal(s.akm, s, this.bssid, mac, payload) });
  }

  private send(dst: string, body: Record<string, unknown>): void {
    this.radio.send({ ch: this.config().channel, src: this.bssid, dst, ...body } as AirFrame);
  }

  private beacon(): void {
    const c = this.config();
    // 4.4.4: with the stealth SSID the AP does not announce its SSID; the field is empty.
    this.send(BROADCAST, { type: 'beacon', ssid: c.stealth ? '' : c.ssid, akm: akmOf(c.authentication) });
  }

  private refuse(sta: string, reason: string, type = 'deauth'): void {
    this.stations.delete(sta);
    this.events.log(`Station ${sta} refused: ${reason}`);
    this.send(sta, type === 'deauth' ? { type, reason } : { type, status: 1, reason });
  }

  private hear(f: AirFrame): void {
    const c = this.config();
    if (f.ch !== c.channel || (f.dst !== this.bssid && f.dst !== BROADCAST) || f.src === this.bssid) return;
    const sta = String(f.src).toUpperCase();
    const akm = akmOf(c.authentication);
    if (f.type === 'probe-req') {
      // A directed probe names the SSID; a stealth AP does not answer a probe that does not (4.4.4).
      if (f.ssid === c.ssid || (!c.stealth && f.ssid === '')) this.send(sta, { type: 'probe-resp', ssid: c.ssid, akm });
      return;
    }
    if (f.dst !== this.bssid) return;
    if (f.type === 'auth') return this.authenticate(sta, f, c, akm);
    const state = this.stations.get(sta);
    if (!state) return;
    if (Date.now() - state.startedAt > JOIN_ATTEMPT_TIMEOUT_MS * 2 && state.stage !== 'joined') return void this.stations.delete(sta);
    if (f.type === 'assoc-req') return this.associate(sta, state, f, c);
    if (f.type === 'eapol') return this.eapol(sta, state, f, c);
    if (f.type === 'data' && state.stage === 'joined') {
      const payload = unseal(state.akm, state, sta, this.bssid, f);
      if (payload) this.events.onData(sta, payload);
      return;
    }
    if (f.type === 'deauth') this.stations.delete(sta);
  }

  private authenticate(sta: string, f: AirFrame, c: WirelessConfig, akm: Akm | 'enterprise'): void {
    // 4.4.3: the wireless LAN MAC address filter refuses unlisted stations before anything else.
    if (!allowed(c.macFilter, sta)) return this.refuse(sta, 'not in the wireless LAN MAC address filter', 'auth');
    if (akm === 'enterprise') return this.refuse(sta, `${c.authentication} needs a RADIUS server, which is not reachable from the adapter`, 'auth');
    if (f.alg === 'sae') {
      if (akm !== 'sae') return this.refuse(sta, `the station uses SAE, the AP ${c.authentication}`, 'auth');
      if (f.seq === 1) {
        const sae = new SaeParty(c.passphrase, c.ssid, this.bssid, sta);
        try {
          sae.receiveCommit({ scalar: String(f.scalar), element: String(f.element) });
        } catch (e) {
          return this.refuse(sta, `invalid SAE commit (${(e as Error).message})`, 'auth');
        }
        this.stations.set(sta, { stage: 'authenticated', akm, sae, txPn: 0, rxPn: 0, startedAt: Date.now() });
        this.send(sta, { type: 'auth', alg: 'sae', seq: 1, status: 0, ...sae.commit() });
        return;
      }
      const state = this.stations.get(sta);
      if (!state?.sae) return;
      const pmk = state.sae.verifyConfirm(String(f.confirm));
      if (!pmk) return this.refuse(sta, 'SAE confirm failed (a different passphrase)');
      state.pmk = pmk;
      this.send(sta, { type: 'auth', alg: 'sae', seq: 2, status: 0, confirm: state.sae.confirm() });
      return;
    }
    if (akm === 'sae') return this.refuse(sta, 'the station does not use SAE, the AP uses WPA3-Personal', 'auth');
    this.stations.set(sta, { stage: 'authenticated', akm, txPn: 0, rxPn: 0, startedAt: Date.now() });
    this.send(sta, { type: 'auth', alg: 'open', seq: 2, status: 0 });
  }

  private associate(sta: string, state: StationState, f: AirFrame, c: WirelessConfig): void {
    if (f.ssid !== c.ssid) return this.refuse(sta, 'association for another SSID', 'assoc-resp');
    if (f.akm !== state.akm) return this.refuse(sta, `the station asks for ${String(f.akm)}, the AP uses ${c.authentication}`, 'assoc-resp');
    let owe: string | undefined;
    if (state.akm === 'owe') {
      if (typeof f.owe !== 'string') return this.refuse(sta, 'Enhanced Open without a key share', 'assoc-resp');
      const mine = oweKeyPair();
      try {
        state.pmk = owePmk(mine.secret, f.owe, f.owe, mine.publicHex);
      } catch {
        return this.refuse(sta, 'invalid Enhanced Open key share', 'assoc-resp');
      }
      owe = mine.publicHex;
    }
    if (state.akm === 'psk') state.pmk = pskPmk(c.passphrase, c.ssid);
    if (state.akm === 'sae' && !state.pmk) return this.refuse(sta, 'association before SAE completed', 'assoc-resp');
    this.send(sta, { type: 'assoc-resp', status: 0, ...(owe ? { owe } : {}) });
    if (state.akm === 'open') {
      state.stage = 'joined';
      this.events.log(`Station ${sta} associated (${c.authentication}, no encryption)`);
      return;
    }
    state.stage = 'm1-sent';
    state.aNonce = nonce32();
    this.send(sta, { type: 'eapol', msg: 1, nonce: state.aNonce.toString('hex') });
  }

  private eapol(sta: string, state: StationState, f: AirFrame, c: WirelessConfig): void {
    if (state.stage === 'm1-sent' && f.msg === 2 && typeof f.nonce === 'string' && typeof f.mic === 'string') {
      const keys = pairwiseKeys(state.akm, state.pmk!, this.bssid, sta, state.aNonce!, Buffer.from(f.nonce, 'hex'));
      // A station that derived its PMK from another passphrase computes another KCK: the MIC does not verify.
      if (!sameHex(f.mic, eapolMic(state.akm, keys.kck, `2|${f.nonce}`))) return this.refuse(sta, '4-way handshake MIC failure (a different passphrase)');
      state.keys = keys;
      state.stage = 'associated';
      this.send(sta, { type: 'eapol', msg: 3, nonce: state.aNonce!.toString('hex'), mic: eapolMic(state.akm, keys.kck, `3|${state.aNonce!.toString('hex')}`) });
      return;
    }
    if (state.stage === 'associated' && f.msg === 4 && typeof f.mic === 'string') {
      if (!sameHex(f.mic, eapolMic(state.akm, state.keys!.kck, '4'))) return this.refuse(sta, '4-way handshake message 4 MIC failure');
      state.stage = 'joined';
      this.events.log(`Station ${sta} associated (${c.authentication})`);
    }
  }
}

// ------------------------------------------------------------------------------------------------

interface Attempt extends Peer {
  bssid: string;
  akm: Akm;
  stage: 'auth' | 'sae-confirm' | 'assoc' | 'm1' | 'm3' | 'joined';
  sae?: SaeParty;
  pmk?: Buffer;
  sNonce?: Buffer;
  owe?: { secret: Uint8Array; publicHex: string };
  startedAt: number;
}

export class Station {
  private attempt: Attempt | undefined;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private waiters = new Set<() => void>();
  /** Why the last attempt failed, in words (for the logs and the tests). */
  lastRefusal: string | undefined;

  constructor(private readonly radio: AirRadio, readonly mac: string, private readonly config: () => WirelessConfig, private readonly events: RoleEvents) {}

  start(): void {
    this.unsubscribe = this.radio.onFrame((f) => this.hear(f));
    this.timer = setInterval(() => this.tick(), JOIN_RETRY_MS);
    this.timer.unref();
    this.tick();
  }

  stop(): void {
    clearInterval(this.timer);
    this.unsubscribe?.();
    if (this.attempt?.stage === 'joined') this.send(this.attempt.bssid, { type: 'deauth', reason: 'station stopped' });
    this.attempt = undefined;
  }

  joinedTo(): string | undefined {
    return this.attempt?.stage === 'joined' ? this.attempt.bssid : undefined;
  }

  /** Resolves true once joined, false when the time runs out (bounded). */
  async waitJoined(timeoutMs: number): Promise<boolean> {
    if (this.joinedTo()) return true;
    return new Promise<boolean>((resolve) => {
      const done = (): void => {
        clearTimeout(t);
        this.waiters.delete(done);
        resolve(this.joinedTo() !== undefined);
      };
      const t = setTimeout(done, timeoutMs);
      this.waiters.add(done);
    });
  }

  sendData(payload: Buffer): boolean {
    const a = this.attempt;
    if (a?.stage !== 'joined') return false;
    this.send(a.bssid, { type: 'data', ...seal(a.akm, a, this.mac, a.bssid, payload) });
    return true;
  }

  private send(dst: string, body: Record<string, unknown>): void {
    this.radio.send({ ch: this.config().channel, src: this.mac, dst, ...body } as AirFrame);
  }

  private tick(): void {
    const a = this.attempt;
    if (a && a.stage !== 'joined' && Date.now() - a.startedAt > JOIN_ATTEMPT_TIMEOUT_MS) this.fail('no answer from the access point in time');
    // A stealth AP announces no SSID: ask for ours by name (a directed probe).
    if (!this.attempt) this.send(BROADCAST, { type: 'probe-req', ssid: this.config().ssid });
  }

  /**
   * An access point of our SSID the station does not try to join: the reason is remembered and logged as
   * connection status (4.4.6) once, not at every probe answer (the log would overwrite itself).
   */
  private passOver(reason: string): void {
    if (this.lastRefusal !== reason) this.events.log(`Connection to the access point failed: ${reason}`);
    this.lastRefusal = reason;
  }

  private fail(reason: string): void {
    this.lastRefusal = reason;
    this.attempt = undefined;
    this.events.log(`Connection to the access point failed: ${reason}`);
  }

  private hear(f: AirFrame): void {
    const c = this.config();
    if (f.ch !== c.channel || f.src === this.mac || (f.dst !== this.mac && f.dst !== BROADCAST)) return;
    const ap = String(f.src).toUpperCase();
    if ((f.type === 'beacon' || f.type === 'probe-resp') && !this.attempt) return this.consider(ap, f, c);
    const a = this.attempt;
    if (!a || ap !== a.bssid) return;
    if (f.type === 'deauth' || ((f.type === 'auth' || f.type === 'assoc-resp') && f.status !== 0)) return this.fail(`refused by the access point: ${String(f.reason ?? 'status ' + String(f.status))}`);
    if (f.type === 'auth' && a.stage === 'auth' && f.alg === 'sae' && f.seq === 1) {
      try {
        a.sae!.receiveCommit({ scalar: String(f.scalar), element: String(f.element) });
      } catch (e) {
        return this.fail(`invalid SAE commit from the access point (${(e as Error).message})`);
      }
      a.stage = 'sae-confirm';
      this.send(ap, { type: 'auth', alg: 'sae', seq: 2, confirm: a.sae!.confirm() });
      return;
    }
    if (f.type === 'auth' && a.stage === 'sae-confirm' && f.seq === 2) {
      const pmk = a.sae!.verifyConfirm(String(f.confirm));
      if (!pmk) return this.fail('the access point could not prove the same passphrase (SAE confirm)');
      a.pmk = pmk;
      return this.associate(a, c);
    }
    if (f.type === 'auth' && a.stage === 'auth' && f.alg === 'open' && f.seq === 2) return this.associate(a, c);
    if (f.type === 'assoc-resp' && a.stage === 'assoc') {
      if (a.akm === 'owe') {
        if (typeof f.owe !== 'string') return this.fail('Enhanced Open association without a key share');
        a.pmk = owePmk(a.owe!.secret, f.owe, a.owe!.publicHex, f.owe);
      }
      if (a.akm === 'open') return this.joined(a, c);
      a.stage = 'm1';
      return;
    }
    if (f.type === 'eapol' && a.stage === 'm1' && f.msg === 1 && typeof f.nonce === 'string') {
      a.sNonce = nonce32();
      a.keys = pairwiseKeys(a.akm, a.pmk!, ap, this.mac, Buffer.from(f.nonce, 'hex'), a.sNonce);
      const sn = a.sNonce.toString('hex');
      a.stage = 'm3';
      this.send(ap, { type: 'eapol', msg: 2, nonce: sn, mic: eapolMic(a.akm, a.keys.kck, `2|${sn}`) });
      return;
    }
    if (f.type === 'eapol' && a.stage === 'm3' && f.msg === 3 && typeof f.mic === 'string') {
      if (!sameHex(f.mic, eapolMic(a.akm, a.keys!.kck, `3|${String(f.nonce)}`))) return this.fail('4-way handshake message 3 MIC failure');
      this.send(ap, { type: 'eapol', msg: 4, mic: eapolMic(a.akm, a.keys!.kck, '4') });
      return this.joined(a, c);
    }
    if (f.type === 'data' && a.stage === 'joined') {
      const payload = unseal(a.akm, a, ap, this.mac, f);
      if (payload) this.events.onData(ap, payload);
    }
  }

  private consider(ap: string, f: AirFrame, c: WirelessConfig): void {
    if (f.ssid !== c.ssid) return; // another network, or a stealth beacon (answered by our directed probe)
    const mine = akmOf(c.authentication);
    if (mine === 'enterprise') return this.passOver(`${c.authentication} needs a RADIUS server, which the virtual air does not have`);
    // 4.4.1/4.4.2: AP and station must use the same mode; 4.4.2.1: an Enhanced Open station never joins an Open AP.
    if (f.akm !== mine) return this.passOver(`the access point uses another authentication mode (${String(f.akm)})`);
    if (!allowed(c.macFilter, ap)) return this.passOver('the access point is not in the wireless LAN MAC address filter');
    const a: Attempt = { bssid: ap, akm: mine, stage: 'auth', txPn: 0, rxPn: 0, startedAt: Date.now() };
    this.attempt = a;
    if (mine === 'sae') {
      a.sae = new SaeParty(c.passphrase, c.ssid, this.mac, ap);
      this.send(ap, { type: 'auth', alg: 'sae', seq: 1, ...a.sae.commit() } satisfies Record<string, unknown> & SaeCommit);
    } else this.send(ap, { type: 'auth', alg: 'open', seq: 1 });
  }

  private associate(a: Attempt, c: WirelessConfig): void {
    a.stage = 'assoc';
    if (a.akm === 'psk') a.pmk = pskPmk(c.passphrase, c.ssid);
    if (a.akm === 'owe') a.owe = oweKeyPair();
    this.send(a.bssid, { type: 'assoc-req', ssid: c.ssid, akm: a.akm, ...(a.owe ? { owe: a.owe.publicHex } : {}) });
  }

  private joined(a: Attempt, c: WirelessConfig): void {
    a.stage = 'joined';
    this.lastRefusal = undefined;
    this.events.log(`Connected to the access point ${a.bssid} (${c.authentication})`);
    for (const w of [...this.waiters]) w();
  }
}
