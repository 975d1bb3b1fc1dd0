// The links a maintenance visit, a certificate renewal or a disposal opens in main, counted as they open
// and close, so the header's link indicator shows what is really open during such an operation (the TLS
// link to the pinned certificate, a second link after an initialization) and "not connected" again once
// the last of them has closed — main reports it; the renderer only shows it (issue 11).
import type { Link } from '../../links/link';
import type { LifecycleLinkView } from '../../ipc/contract';

export class LifecycleLinks {
  readonly #open: Array<{ link: Link; view: LifecycleLinkView }> = [];

  constructor(private readonly report: (link: LifecycleLinkView | null) => void = () => undefined) {}

  /** The newest open link, or null. */
  get current(): LifecycleLinkView | null {
    return this.#open.at(-1)?.view ?? null;
  }

  /** Counts the link while it is open; `pin` is the certificate a TLS link was pinned to. */
  track(link: Link, pin?: { fingerprint256: string; notAfter?: string }): Link {
    if (link.closed) return link;
    const view: LifecycleLinkView = { kind: link.kind, description: link.description, virtual: link.virtual, ...(pin ? { tls: { fingerprint256: pin.fingerprint256, ...(pin.notAfter ? { notAfter: pin.notAfter } : {}) } } : {}) };
    const entry = { link, view };
    this.#open.push(entry);
    this.report(this.current);
    link.onClose(() => {
      const i = this.#open.indexOf(entry);
      if (i < 0) return;
      this.#open.splice(i, 1);
      this.report(this.current);
    });
    return link;
  }
}
