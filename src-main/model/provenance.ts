// How a row of a report was established — the one vocabulary every report, screen and export uses, so an
// auditor sees which rows were proven on the device, which were only seen from the network, which rest on an
// imported file and which on a person's word. A reading the app could not take is 'none', never promoted.
export const PROVENANCES = ['device', 'network', 'imported-file', 'attestation', 'none'] as const;
export type Provenance = (typeof PROVENANCES)[number];

// The technician's and auditor's words for each kind are the catalogue's `provenance.<kind>` (messages/).

/**
 * The provenance of a judged row: what the check said it rested on, else what its status and kind imply —
 * an attested or attestation row rests on a person's word; a row not verified rests on nothing; a row judged
 * by reading the device back (the full drivers) was verified on the device.
 */
export function provenanceOf(row: { status: string; provenance?: Provenance }, verification: 'device' | 'attestation'): Provenance {
  if (row.status === 'not-verified' || row.status === 'not-judged') return 'none';
  if (row.provenance) return row.provenance;
  if (row.status === 'attested' || verification === 'attestation') return 'attestation';
  return 'device';
}

/** Counts per kind, every kind present (0 when none). */
export function countProvenance(rows: ReadonlyArray<{ provenance: Provenance }>): Record<Provenance, number> {
  const counts = Object.fromEntries(PROVENANCES.map((p) => [p, 0])) as Record<Provenance, number>;
  for (const r of rows) counts[r.provenance]++;
  return counts;
}
