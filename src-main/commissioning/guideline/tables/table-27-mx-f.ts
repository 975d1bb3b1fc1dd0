// Table 27 "Settings for the security functions of the MELSEC MX Controller MX-F model", 21 rows,
// guideline l.3410. It is Table 9 without Table 9 row 9 ("the event history function shall be
// enabled"): from row 9 on, Table 27 row n is Table 9 row n+1. The sections are the 3.4.x twins of 2.4.x.
import { controllerRow, type ControllerRow } from './controller-rows';

export const TABLE_27_MX_F: readonly ControllerRow[] = [
  controllerRow('27', 1, 3414, '3.4.4.2', 'userAuthenticationFirst'),
  controllerRow('27', 2, 3425, '3.4.4.1', 'operationAuthority'),
  controllerRow('27', 3, 3427, '3.4.4', 'passwordExpiry'),
  controllerRow('27', 4, 3432, '3.4.4.2', 'passwordStrength'),
  controllerRow('27', 5, 3437, '3.4.4', 'lockout'),
  controllerRow('27', 6, 3442, '3.4.4', 'logonMessage'),
  controllerRow('27', 7, 3447, '3.4.4.2', 'otherModulesProtected'),
  controllerRow('27', 8, 3455, '3.4.4', 'sessionTimers'),
  controllerRow('27', 9, 3464, '3.4.5', 'eventHistorySize'),
  controllerRow('27', 10, 3466, '3.4.5', 'eventHistoryBackup'),
  controllerRow('27', 11, 3472, '3.4.5', 'correctTime'),
  controllerRow('27', 12, 3477, '3.4.5', 'tamperCheck'),
  controllerRow('27', 13, 3482, '3.4.6.1', 'backupEncryption'),
  controllerRow('27', 14, 3487, '3.4.7', 'encryptBeyondTrustBoundary'),
  controllerRow('27', 15, 3495, '3.4.7.1', 'encryptViaBuiltInPorts'),
  controllerRow('27', 16, 3501, '3.4.7.2', 'certificateOneYear'),
  controllerRow('27', 17, 3506, '3.4.8', 'ipFilter'),
  controllerRow('27', 18, 3511, '3.4.9.1', 'unusedPortsClosed'),
  controllerRow('27', 19, 3516, '3.4.9', 'outsideViaBuiltInPorts'),
  controllerRow('27', 20, 3522, '3.4.10', 'bandwidthLimit'),
  controllerRow('27', 21, 3532, '3.4.10.1', 'dosCountermeasuresCombined'),
];
