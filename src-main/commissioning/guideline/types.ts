// The shapes of the guideline as data: figure steps, settings-table rows with their checks, attestation
// items and periodic verification items. One file so every data file reads the same way.
import type { DeviceSnapshot } from '../../model/device-snapshot';
import type { SecurityProfile, SecuritySystem, SettingKey } from '../../model/security-settings';
import type { IecMapping } from './iec62443';
import type { GuidelineReference } from './references';
import type { Provenance } from '../../model/provenance';

/** Every text a technician reads, in English and Japanese (the guideline's own terms in both). */
export interface Bilingual {
  en: string;
  ja: string;
}

export type StepKind = 'operator-checklist' | 'connect' | 'device-operation' | 'settings' | 'write' | 'restart' | 'verification' | 'report';

export interface ProcedureStep {
  /** Stable id, e.g. 'fig8.step3'; journals and reports refer to it. */
  id: string;
  number: number;
  title: Bilingual;
  references: GuidelineReference[];
  kind: StepKind;
  appDoes: Bilingual;
  operatorDoes: Bilingual;
  /** Ids of ordering rules and of earlier steps that must hold before this step. */
  preconditions: string[];
  /** Profile setting keys this step sets (settings steps) or writes (write steps). */
  writes: SettingKey[];
  /** Ids of table rows (e.g. 'table9.row4') whose checks prove this step. */
  verifies: string[];
  /** Present when the guideline's copy lacks the figure text: the sections the step is built from. */
  reconstructed: { basis: string[] } | undefined;
  /** A checklist step's items, each with the passage it comes from; the operator ticks each one. */
  checklist?: Array<{ text: Bilingual; reference: string }>;
  /** The step records the firmware version read from the device (its panel shows it, so the claim is seen). */
  recordsFirmwareVersion?: true;
}

export interface Procedure {
  id: 'figure-8' | 'figure-22' | 'figure-36' | 'maintenance-visit-mx-r' | 'maintenance-visit-mx-f' | 'figure-16' | 'figure-30' | 'maintenance-visit-wlan-adapter' | 'disposal-wlan-adapter';
  system: SecuritySystem;
  figure: string;
  title: Bilingual;
  reference: GuidelineReference;
  /** True for Figures 22 and 36, whose text is missing from the guideline's copy. */
  reconstructed: boolean;
  notice?: Bilingual;
  steps: ProcedureStep[];
}

export type RowStatus = 'pass' | 'fail' | 'attested' | 'not-applicable' | 'not-verified';

export interface Evidence {
  what: string;
  value: unknown;
}

export interface RowResult {
  status: RowStatus;
  evidence: Evidence[];
  /** Why, in English (the JSON, the CLI); reasonText says it in both languages from the catalogue. */
  reason?: string;
  reasonText?: Bilingual;
  /** How the result was established when not the default of its status (e.g. 'network' in guide-and-verify). */
  provenance?: Provenance;
}

export type RowCheck<P extends SecurityProfile = SecurityProfile, S extends DeviceSnapshot = DeviceSnapshot> = (profile: P, snapshot: S) => RowResult;

export interface SettingsTableRow<P extends SecurityProfile = SecurityProfile, S extends DeviceSnapshot = DeviceSnapshot> {
  /** Stable id, e.g. 'table9.row4'; attestations and exceptions name rows by it. */
  id: string;
  table: string;
  row: number;
  item: Bilingual;
  /** The row's "setting for the security function", summarized faithfully. */
  requirement: Bilingual;
  /** The value or condition the guideline (or, where it gives none, the project) sets. */
  guidelineValue: Bilingual;
  references: GuidelineReference[];
  iec: IecMapping[];
  /** 'device': read back and judged; 'attestation': organisational, the operator attests it. */
  verification: 'device' | 'attestation';
  settingKeys: SettingKey[];
  /**
   * Whether a device driver reads what the check needs today. 'pending': the check is written
   * and tested on snapshots, the drivers that fill those readings come later. 'not-needed': attestation.
   */
  driver: 'available' | 'pending' | 'not-needed';
  check: RowCheck<P, S>;
}

/** Tables 10, 28, 45: implementation matters the operator attests (with name and time) in the report. */
export interface AttestationItem {
  id: string;
  table: string;
  row: number;
  item: Bilingual;
  text: Bilingual;
  references: GuidelineReference[];
}

/** Tables 17, 35, 47 (and 18, 36): what periodic verification checks; the simulator names a test per row. */
export interface PeriodicCheckItem {
  id: string;
  table: string;
  row: number;
  item: Bilingual;
  checks: Bilingual[];
  references: GuidelineReference[];
}
