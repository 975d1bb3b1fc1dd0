// The bandwidth measurement as the technician reads it (2.4.10.1): what was measured, over which link and
// how, what it cannot see, the suggested limits; or, honestly, why nothing was measured.
import type { BandwidthMeasurementView } from '../../ipc/wizard-contract';
import type { LinkKind } from '../../links/link';
import { suggestedLimitKbps, type ThroughputReading } from '../../devices/link-throughput';
import { bilingualEach, msg } from '../../messages/catalogue';

type Measurement = { link: { kind: LinkKind; description: string; virtual: boolean }; reading: ThroughputReading } | { refused: string } | undefined;

const LINK_NAME = { usb: 'link.usb', ethernet: 'link.ethernet', 'ethernet-tls': 'link.ethernet-tls' } as const;

export function bandwidthView(m: Measurement, at: Date): BandwidthMeasurementView {
  if (m === undefined) return { at: at.toISOString(), text: [msg('wizard.bandwidth.noEcho')] };
  if ('refused' in m) return { at: at.toISOString(), text: [msg('wizard.bandwidth.refused', { reason: m.refused })] };
  const r = m.reading;
  const kbps = (n: number) => Math.round(n).toLocaleString('en-US');
  const link = msg(LINK_NAME[m.link.kind]);
  const suggested = { sendKbps: suggestedLimitKbps(r.controllerSendKbps), receiveKbps: suggestedLimitKbps(r.controllerReceiveKbps) };
  return {
    at: at.toISOString(),
    measured: { controllerSendKbps: r.controllerSendKbps, controllerReceiveKbps: r.controllerReceiveKbps, rounds: r.rounds, bytesSent: r.bytesSent, bytesReceived: r.bytesReceived, elapsedMs: r.elapsedMs, link: m.link.kind },
    suggested,
    text: [
      bilingualEach('wizard.bandwidth.how', (l) => ({ link: link[l], rounds: r.rounds, sent: r.bytesSent.toLocaleString('en-US'), received: r.bytesReceived.toLocaleString('en-US'), ms: Math.round(r.elapsedMs), send: kbps(r.controllerSendKbps), receive: kbps(r.controllerReceiveKbps) })),
      msg('wizard.bandwidth.limits'),
      ...(m.link.kind === 'usb' ? [msg('wizard.bandwidth.limitsUsb')] : []),
      ...(m.link.virtual ? [msg('wizard.bandwidth.limitsPractice')] : []),
      msg('wizard.bandwidth.suggested', { send: suggested.sendKbps.toLocaleString('en-US'), receive: suggested.receiveKbps.toLocaleString('en-US') }),
    ],
  };
}
