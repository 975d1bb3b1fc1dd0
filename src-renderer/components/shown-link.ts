// Which link the header shows, from what main reported (the renderer decides nothing about the link
// itself): the link a visit, renewal or disposal holds open, else — on those screens — only the
// connection main holds (the commissioning session's link belongs to another session and is not the
// visit's), else the session's link or the connection. After a visit main reports its last link closed,
// so the header says so instead of keeping what it showed before.
import type { DeviceIdentity, LifecycleLinkView } from '../../src-main/ipc/contract';
import type { LinkView } from '../../src-main/ipc/wizard-contract';

export interface ShownLink {
  kind: LinkView['kind'] | undefined;
  virtual: boolean;
  tls?: { fingerprint256: string; notAfter?: string; pinned: boolean };
  /** Only for a plain Ethernet link of a session: whether the trust boundary was attested. */
  trustBoundaryAttested?: boolean;
}

/** The screens of a known device's later life, whose link is main's lifecycle link. */
export const LIFECYCLE_SCREENS: ReadonlySet<string> = new Set(['visit', 'renewal', 'disposal', 'firmware', 'users', 'restoration']);

export function shownLink(input: { screen: string; lifecycleLink: LifecycleLinkView | null; identity: DeviceIdentity | undefined; sessionLink: LinkView | null | undefined; inSession: boolean }): ShownLink {
  const { lifecycleLink: l, identity } = input;
  if (l) return { kind: l.kind, virtual: l.virtual, ...(l.tls ? { tls: { fingerprint256: l.tls.fingerprint256, ...(l.tls.notAfter ? { notAfter: l.tls.notAfter } : {}), pinned: true } } : {}) };
  if (input.inSession && !LIFECYCLE_SCREENS.has(input.screen)) {
    const s = input.sessionLink;
    return { kind: s?.kind, virtual: s?.virtual ?? false, ...(s?.tls ? { tls: s.tls } : {}), trustBoundaryAttested: s?.trustBoundaryAttested ?? false };
  }
  return { kind: identity?.linkKind, virtual: identity?.virtual ?? false };
}
