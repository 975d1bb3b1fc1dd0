// Driver for the MELSEC MX controllers (MX-R, MX-F) over SLMP. Standard commands only for now: they
// work against a real controller and the virtual one alike.
import type { Link } from '../../links/link';
import { SlmpClient, type SlmpClientOptions } from '../../slmp/client';
import type { DeviceDriver, DeviceIdentityReading } from '../device-driver';
import { CPU_STATE_REGISTER, cpuStateFromSd203 } from './cpu-state';

export class MxControllerDriver implements DeviceDriver {
  readonly client: SlmpClient;

  constructor(readonly link: Link, options: SlmpClientOptions = {}) {
    this.client = new SlmpClient(link, options);
  }

  async readIdentity(): Promise<DeviceIdentityReading> {
    const [typeName, [sd203]] = await Promise.all([
      this.client.readTypeName(),
      this.client.readWords(CPU_STATE_REGISTER.device, CPU_STATE_REGISTER.head, 1),
    ]);
    return {
      model: typeName.model,
      modelCode: typeName.modelCode,
      cpuState: sd203 === undefined ? 'unknown' : cpuStateFromSd203(sd203),
      linkKind: this.link.kind,
      linkDescription: this.link.description,
      virtual: this.link.virtual,
    };
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
