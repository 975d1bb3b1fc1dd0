// Test helpers for a stock controller: an address of its own on loopback (so its default services can bind
// their nominal port numbers without colliding with other tests), and the technician's work in GX Works3
// played through the engineering-tool stand-in from a profile.
import type { EngineeringToolStandIn } from '../engineering-tool-stand-in';
import type { Blocks } from '../security-commands/parameter-blocks';

export { uniqueLoopbackAddress } from '../loopback-address';

/**
 * What the technician writes in GX Works3 for a profile (its settings but the users, which the stock
 * controller does not model over the network, and the certificate, made in certificate management), then
 * the CPU reset. The profile is taken structurally: the simulator does not import the profile module.
 */
export async function commissionStockThroughStandIn(
  tool: EngineeringToolStandIn,
  profile: { settings: Record<string, unknown> },
  options: { certificateDays?: number } = {},
): Promise<void> {
  const { users: _users, certificate: _certificate, ...blocks } = profile.settings;
  const { rejected } = tool.writeParameters(blocks as Blocks);
  if (rejected.length) throw new Error(`the stand-in refused: ${rejected.map((r) => `${r.path}: ${r.message}`).join('; ')}`);
  await tool.writeCertificate({ validityDays: options.certificateDays ?? 365 });
  await tool.reset();
}
