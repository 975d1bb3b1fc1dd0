// Table 9 "Setting for the security function compliant with IEC 62443" (MX-R), 22 rows, guideline l.1056.
// Each line: row number, line where the row starts in the guideline text, the section the row cites,
// and the topic (text + check) in controller-rows.ts.
import { controllerRow, type ControllerRow } from './controller-rows';

export const TABLE_9_MX_R: readonly ControllerRow[] = [
  controllerRow('9', 1, 1060, '2.4.4.2', 'userAuthenticationFirst'),
  controllerRow('9', 2, 1067, '2.4.4.1', 'operationAuthority'),
  controllerRow('9', 3, 1072, '2.4.4', 'passwordExpiry'),
  controllerRow('9', 4, 1078, '2.4.4.2', 'passwordStrength'),
  controllerRow('9', 5, 1084, '2.4.4', 'lockout'),
  controllerRow('9', 6, 1089, '2.4.4', 'logonMessage'),
  controllerRow('9', 7, 1094, '2.4.4.2', 'otherModulesProtected'),
  controllerRow('9', 8, 1103, '2.4.4', 'sessionTimers'),
  controllerRow('9', 9, 1110, '2.4.5', 'eventHistoryEnabled'),
  controllerRow('9', 10, 1112, '2.4.5', 'eventHistorySize'),
  controllerRow('9', 11, 1114, '2.4.5', 'eventHistoryBackup'),
  controllerRow('9', 12, 1120, '2.4.5', 'correctTime'),
  controllerRow('9', 13, 1125, '2.4.5', 'tamperCheck'),
  controllerRow('9', 14, 1130, '2.4.6.1', 'backupEncryption'),
  controllerRow('9', 15, 1132, '2.4.7', 'encryptBeyondTrustBoundary'),
  controllerRow('9', 16, 1137, '2.4.7.1', 'encryptViaBuiltInPorts'),
  controllerRow('9', 17, 1143, '2.4.7.2', 'certificateOneYear'),
  controllerRow('9', 18, 1148, '2.4.8', 'ipFilter'),
  controllerRow('9', 19, 1153, '2.4.9.1', 'unusedPortsClosed'),
  controllerRow('9', 20, 1158, '2.4.9', 'outsideViaBuiltInPorts'),
  controllerRow('9', 21, 1165, '2.4.10', 'bandwidthLimit'),
  controllerRow('9', 22, 1173, '2.4.10.1', 'dosCountermeasuresCombined'),
];
