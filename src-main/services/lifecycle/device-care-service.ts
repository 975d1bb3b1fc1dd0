// A known device's firmware, users and restoration in the app (issue 11 items 4-6), over the same
// lifecycle code `mxc firmware update` runs: lifecycle/firmware-update.ts, users.ts, restoration.ts. Every
// guard is here or below, never in the renderer: the Administrator's logon, the operator's confirmation,
// the CPU state read from the device, the package checked on this PC before sending, the password rule
// before a password is sent, the last Administrator kept (and the warning acknowledged before leaving
// one), backup encryption set again after a restoration (2.4.6.1).
import { createHash } from 'node:crypto';
import type { DeviceCareService as DeviceCareContract } from '../../ipc/lifecycle-service';
import type { ControllerUserView, FirmwareUpdateView, LifecycleRequest as R, RestorationView, UsersView } from '../../ipc/lifecycle-contract';
import type { KeyValueStore } from '../../store/store';
import type { MxControllerDriver } from '../../devices/mx-controller/mx-controller-driver';
import { isCryptoError } from '../../crypto/crypto-error';
import { PRACTICE_VENDOR_PUBLIC_KEY_PEM } from '../../crypto/practice-vendor-key';
import { OrderingRuleViolation } from '../../commissioning/engine/engine-errors';
import { updateFirmwareSafely } from '../../lifecycle/firmware-update';
import { addUser, removeUser, unlockUser, changeOwnPassword, UserChangeError } from '../../lifecycle/users';
import { restoreWithPassword } from '../../lifecycle/restoration';
import { lastReport } from '../../lifecycle/report-archive';
import { bilingualEach, joinSentences, msg, type Bilingual, type MessageId } from '../../messages/catalogue';
import { ServiceError } from '../service-error';
import { deviceRuleFailures } from '../wizard/password-check';
import { knownController, LOOPBACK, logonPinned, pinnedEndpoint, type KnownController } from './known-device-link';
import type { LifecycleLinks } from './lifecycle-links';

export interface DeviceCareOptions {
  store: KeyValueStore;
  dataDir: string;
  /** Counts the links this service holds open, for the header's link indicator (shared with the visit service). */
  links?: LifecycleLinks;
}

interface UsersSession {
  record: KnownController;
  driver: MxControllerDriver;
  userName: string;
}

const NOT_ADMINISTRATOR: MessageId = 'lifecycle.care.notAdministrator';

function decode(file: { base64: string }): Buffer {
  return Buffer.from(file.base64, 'base64');
}

/** The backup encryption the device must have: its last report's, else on (Table 9 row 14 / Table 27 row 13). */
function commissionedEncryption(dataDir: string, deviceId: string): boolean {
  const report = lastReport(dataDir, deviceId)?.report as { snapshot?: { settings?: { backupEncryption?: { value?: { enabled?: unknown } } } } } | undefined;
  const enabled = report?.snapshot?.settings?.backupEncryption?.value?.enabled;
  return typeof enabled === 'boolean' ? enabled : true;
}

function refusedPassword(userName: string, failures: Bilingual[]): ServiceError {
  return ServiceError.withText(
    'password-rejected',
    joinSentences([msg('errors.service.deviceWouldRefuse', { user: userName }), ...failures]),
    `The device would refuse this password for "${userName}": ${failures.map((f) => f.en).join(' ')}`,
  );
}

export class DeviceCareService implements DeviceCareContract {
  #busy = false;
  #users: UsersSession | undefined;

  constructor(private readonly o: DeviceCareOptions) {}

  /** One operation at a time: two screens' requests never interleave on one device. */
  async #one<T>(work: () => Promise<T>): Promise<T> {
    if (this.#busy) throw new ServiceError('busy', { id: 'lifecycle.care.busy' });
    this.#busy = true;
    try {
      return await work();
    } finally {
      this.#busy = false;
    }
  }

  // ---- Firmware and add-on update (2.4.2 / 2.4.3, Table 17/35 row 2) ----

  updateFirmware(request: R<'firmware:run'>): Promise<FirmwareUpdateView> {
    return this.#one(async () => {
      const record = knownController(this.o.store, request.deviceId);
      // Project choice: the app trusts only the practice vendor key, which only practice devices accept; a
      // real controller's package is checked with the vendor's key by `mxc firmware update --vendor-key`.
      if (!LOOPBACK.test(pinnedEndpoint(record).host)) throw new ServiceError('not-in-this-host', { id: 'lifecycle.firmware.realDevice' });
      if (!request.confirmedStoppedAndDisconnected) throw new ServiceError('step-locked', { id: 'lifecycle.firmware.confirmFirst' });
      const pkg = decode(request.package);
      const { driver, logon } = await logonPinned(record, request, NOT_ADMINISTRATOR, this.o.links);
      try {
        const r = await updateFirmwareSafely({
          driver,
          loggedOnGroup: logon.group,
          pkg,
          ...(request.rollbackPackage ? { rollbackPackage: decode(request.rollbackPackage) } : {}),
          vendorPublicKeys: [PRACTICE_VENDOR_PUBLIC_KEY_PEM],
          disconnectedFromOtherNetworks: request.confirmedStoppedAndDisconnected,
        });
        return {
          model: record.model,
          kind: r.kind,
          ...(r.name ? { name: r.name } : {}),
          packageSha256: createHash('sha256').update(pkg).digest('hex'),
          before: r.before,
          expected: r.expected,
          after: r.after,
          ok: r.ok,
          ...(r.rolledBack ? { rolledBack: r.rolledBack } : {}),
        };
      } catch (error) {
        if (isCryptoError(error) && error.area === 'firmware-package')
          throw new ServiceError('invalid-setting', { id: 'lifecycle.firmware.packageRefused', params: { file: request.package.name.slice(0, 80) } }, error.message);
        if (error instanceof OrderingRuleViolation) {
          // Logon and confirmation were checked above: what is left of the guard is the CPU state.
          const state = await driver.readIdentity().then((i) => i.cpuState, () => 'unknown');
          throw new ServiceError('step-locked', { id: 'lifecycle.care.notStopped', params: { state } }, error.message);
        }
        throw error;
      } finally {
        await driver.close().catch(() => undefined);
      }
    });
  }

  // ---- Users over time (2.4.4.3) ----

  openUsers(request: R<'users:open'>): Promise<UsersView> {
    return this.#one(async () => {
      await this.#closeUsers();
      const record = knownController(this.o.store, request.deviceId);
      const { driver } = await logonPinned(record, request, NOT_ADMINISTRATOR, this.o.links);
      this.#users = { record, driver, userName: request.userName };
      return this.#usersView();
    });
  }

  addUser(request: R<'users:add'>): Promise<UsersView> {
    return this.#withUsers(async (s, view) => {
      if (view.users.some((u) => u.name === request.name)) throw new ServiceError('invalid-setting', { id: 'lifecycle.users.exists', params: { name: request.name } });
      if (!view.groups.some((g) => g.name === request.group)) throw new ServiceError('invalid-setting', { id: 'lifecycle.users.noSuchGroup', params: { group: request.group } });
      if (request.password !== request.confirmation) throw new ServiceError('password-rejected', { id: 'errors.service.newEntriesDiffer' });
      const failures = deviceRuleFailures(request.name, request.password, view.policy);
      if (failures.length) throw refusedPassword(request.name, failures);
      await addUser(s.driver, { name: request.name, group: request.group, password: request.password });
      return this.#usersView(msg('lifecycle.users.added', { name: request.name, group: request.group }));
    });
  }

  removeUser(request: R<'users:remove'>): Promise<UsersView> {
    return this.#withUsers(async (s, view) => {
      const user = view.users.find((u) => u.name === request.name);
      if (!user) throw new ServiceError('invalid-setting', { id: 'lifecycle.users.unknown', params: { name: request.name } });
      if (!user.removal.allowed) throw ServiceError.withText('step-locked', user.removal.refused!, `Removing "${user.name}" is refused.`);
      if (user.removal.warning && !request.acknowledgedWarning) throw ServiceError.withText('step-locked', user.removal.warning, `Removing "${user.name}" needs its warning acknowledged.`);
      const warnings = await removeUser(s.driver, request.name);
      return this.#usersView(msg('lifecycle.users.removed', { name: request.name }), warnings.length ? msg('lifecycle.users.secondAdministrator') : undefined);
    });
  }

  unlockUser(request: R<'users:unlock'>): Promise<UsersView> {
    return this.#withUsers(async (s, view) => {
      const user = view.users.find((u) => u.name === request.name);
      if (!user) throw new ServiceError('invalid-setting', { id: 'lifecycle.users.unknown', params: { name: request.name } });
      // The logon was refused to non-Administrators already; users.ts checks the group again.
      await unlockUser(s.driver, 'Administrators', request.name);
      return this.#usersView(msg('lifecycle.users.unlocked', { name: request.name }));
    });
  }

  changeOwnPassword(request: R<'users:own-password'>): Promise<UsersView> {
    return this.#withUsers(async (s, view) => {
      if (request.next !== request.confirmation) throw new ServiceError('password-rejected', { id: 'errors.service.newEntriesDiffer' });
      const failures = deviceRuleFailures(s.userName, request.next, view.policy);
      if (failures.length) throw refusedPassword(s.userName, failures);
      await changeOwnPassword(s.driver, request.current, request.next);
      return this.#usersView(msg('lifecycle.users.passwordChanged', { name: s.userName }));
    });
  }

  closeUsers(): Promise<void> {
    return this.#closeUsers();
  }

  async #closeUsers(): Promise<void> {
    const s = this.#users;
    this.#users = undefined;
    if (s) {
      await s.driver.logoff().catch(() => undefined);
      await s.driver.close().catch(() => undefined);
    }
  }

  /** Runs a change on the open users screen, on a fresh reading; a lost link ends the screen's logon. */
  #withUsers(work: (s: UsersSession, view: UsersView) => Promise<UsersView>): Promise<UsersView> {
    return this.#one(async () => {
      const s = this.#users;
      if (!s) throw new ServiceError('no-session', { id: 'lifecycle.users.logOnFirst' });
      try {
        return await work(s, await this.#usersView());
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'link-lost' || code === 'session-expired' || code === 'not-logged-on') {
          await this.#closeUsers();
          throw new ServiceError('no-session', { id: 'lifecycle.users.logOnAgain' }, (error as Error).message);
        }
        if (error instanceof UserChangeError) {
          if (error.code === 'EXISTS') throw new ServiceError('invalid-setting', { id: 'lifecycle.users.exists', params: { name: '' } }, error.message);
          throw new ServiceError('device-error', { id: 'lifecycle.users.deviceRefused' }, error.message);
        }
        throw error;
      }
    });
  }

  async #usersView(done?: Bilingual, warning?: Bilingual): Promise<UsersView> {
    const s = this.#users!;
    const reading = await s.driver.readUserAuthentication();
    const policy = (await s.driver.readParameters()).inEffect.passwordPolicy ?? { strength: 'strong' as const, minLength: 12 };
    const adminGroups = new Set(reading.groups.filter((g) => g.kind === 'administrators').map((g) => g.name));
    const admins = reading.users.filter((u) => adminGroups.has(u.group)).map((u) => u.name);
    const users: ControllerUserView[] = reading.users.map((u) => {
      const administrator = adminGroups.has(u.group);
      const left = administrator ? admins.filter((a) => a !== u.name) : admins;
      const removal: ControllerUserView['removal'] =
        u.name === s.userName
          ? { allowed: false, refused: msg('lifecycle.users.notYourself') }
          : left.length === 0
            ? { allowed: false, refused: msg('lifecycle.users.lastAdministrator') }
            : administrator && left.length === 1
              ? { allowed: true, warning: msg('lifecycle.users.leavesOne', { name: u.name, other: left[0]! }) }
              : { allowed: true };
      return {
        name: u.name,
        group: u.group,
        administrator,
        locked: u.locked,
        ...(u.lockedUntil ? { lockedUntil: u.lockedUntil } : {}),
        ...(u.passwordExpiresAt ? { passwordExpiresAt: u.passwordExpiresAt } : {}),
        you: u.name === s.userName,
        removal,
      };
    });
    return {
      deviceId: s.record.deviceId,
      model: s.record.model,
      loggedOnAs: s.userName,
      groups: reading.groups.map((g) => ({ name: g.name, administrators: g.kind === 'administrators' })),
      users,
      policy: { strength: policy.strength, minLength: policy.minLength },
      ...(done ? { done } : {}),
      ...(warning ? { warning } : {}),
    };
  }

  // ---- Restoration with the correct password (Table 17/35 row 6; 2.4.6.1) ----

  restore(request: R<'restoration:run'>): Promise<RestorationView> {
    return this.#one(async () => {
      const record = knownController(this.o.store, request.deviceId);
      const file = decode(request.backup);
      const expected = commissionedEncryption(this.o.dataDir, record.deviceId);
      const { driver } = await logonPinned(record, request, NOT_ADMINISTRATOR, this.o.links);
      const { cpuState } = await driver.readIdentity().catch(() => ({ cpuState: 'unknown' }));
      if (cpuState !== 'STOP') {
        await driver.close().catch(() => undefined);
        throw new ServiceError('step-locked', { id: 'lifecycle.care.notStopped', params: { state: cpuState } });
      }
      const again = { userName: request.userName, password: request.restoredPassword ?? request.password };
      let r;
      try {
        r = await restoreWithPassword({ driver, file, password: request.backupPassword, encryption: { enabled: expected }, reconnect: async () => (await logonPinned(record, again, undefined, this.o.links)).driver });
      } catch (error) {
        await driver.close().catch(() => undefined);
        if (isCryptoError(error) && error.area === 'backup') {
          if (error.code === 'wrong-password' || error.code === 'password-required') throw new ServiceError('password-rejected', { id: 'lifecycle.restoration.wrongPassword' }, error.message);
          throw new ServiceError('invalid-setting', { id: 'lifecycle.restoration.notUsable', params: { file: request.backup.name.slice(0, 80) } }, error.message);
        }
        throw error;
      }
      // The end of the restoration is the setting read back: anything else is not claimed.
      if (r.encryptionNow !== expected) throw new ServiceError('device-error', { id: 'lifecycle.restoration.notSetAgain' }, r.message);
      const state = (on: boolean | undefined) => (l: 'en' | 'ja') => msg(on ? 'lifecycle.restoration.on' : 'lifecycle.restoration.off')[l];
      const setAgain = r.encryptionAfterRestore !== expected;
      const message = setAgain
        ? bilingualEach('lifecycle.restoration.setAgain', (l) => ({ before: state(r.encryptionAfterRestore)(l), now: state(r.encryptionNow)(l) }))
        : bilingualEach('lifecycle.restoration.keptAndChecked', (l) => ({ now: state(r.encryptionNow)(l) }));
      return { model: record.model, restored: r.restored, encryptionAfterRestore: r.encryptionAfterRestore ?? null, encryptionExpected: expected, encryptionNow: r.encryptionNow, setAgain, message };
    });
  }

  async close(): Promise<void> {
    await this.#closeUsers();
  }
}
