// Table 17 "Operation verification item of the security function" (MX-R, 2.5.2): one test per row,
// driven through the driver against a virtual MXR300-32 over real sockets. These are the acceptance
// tests of the periodic verification; the items are src-main/commissioning/guideline/tables/periodic-verification.ts.
import { test } from 'node:test';
import { TABLE_17_MX_R } from '../../commissioning/guideline/tables/periodic-verification';
import {
  verifyBackupToSdCard,
  verifyBandwidthLimitation,
  verifyDefaultOpenPorts,
  verifyEncryptedCommunication,
  verifyEventHistory,
  verifyFirmwareUpdate,
  verifyInitialization,
  verifyIpFilter,
  verifyRestoration,
  verifyUserAuthentication,
} from './testing/periodic-verification-cases';

const MODEL = 'MXR300-32';
const title = (row: number): string => `Table 17 row ${row}: ${TABLE_17_MX_R[row - 1]!.item.en}`;

test(title(1), (t) => verifyInitialization(t, MODEL));
test(title(2), async (t) => void (await verifyFirmwareUpdate(t, MODEL)));
test(title(3), async (t) => void (await verifyUserAuthentication(t, MODEL)));
test(title(4), async (t) => void (await verifyEventHistory(t, MODEL)));
test(title(5), async (t) => void (await verifyBackupToSdCard(t, MODEL)));
test(title(6), async (t) => void (await verifyRestoration(t, MODEL)));
test(title(7), (t) => verifyEncryptedCommunication(t, MODEL));
test(title(8), (t) => verifyIpFilter(t, MODEL));
// The MX-R's Ethernet port is port 3 (CC-Link IE TSN on ports 1 and 2).
test(title(9), (t) => verifyDefaultOpenPorts(t, MODEL, 'port3'));
test(title(10), (t) => verifyBandwidthLimitation(t, MODEL));
