// The models a virtual controller can be. The type name and model code are what a real controller
// answers to Read Type Name (0101), so a driver that identifies a device by them cannot tell the
// practice device from a real one. Add a row here to simulate another MX-R/MX-F model.

export type ControllerFamily = 'MX-R' | 'MX-F';

export interface ControllerModel {
  /** Type name as answered by 0101 (at most 16 ASCII characters, sent space padded). */
  readonly name: string;
  readonly family: ControllerFamily;
  /** 2-byte model code answered by 0101 after the name. */
  readonly typeCode: number;
}

export const CONTROLLER_MODELS: readonly ControllerModel[] = [
  // Captured from a real MXR300-32 (facts/slmp-and-devices.md).
  { name: 'MXR300-32', family: 'MX-R', typeCode: 0x48ea },
  // Project choice: 0x4B10 for MXF100-16-N32. No public MX-F model code exists; this value lies outside
  // the 0x48xx range that iQ-R and MX-R CPUs are seen to answer, so it cannot be mistaken for one of them.
  { name: 'MXF100-16-N32', family: 'MX-F', typeCode: 0x4b10 },
];

export class UnknownModelError extends Error {
  readonly code = 'SIM_UNKNOWN_MODEL';
  constructor(readonly model: string) {
    super(
      `There is no virtual controller for model "${model}". ` +
        `Choose one of: ${CONTROLLER_MODELS.map((m) => m.name).join(', ')}.`,
    );
    this.name = 'UnknownModelError';
  }
}

export function findModel(name: string): ControllerModel {
  const model = CONTROLLER_MODELS.find((m) => m.name.toUpperCase() === name.trim().toUpperCase());
  if (!model) throw new UnknownModelError(name);
  return model;
}
