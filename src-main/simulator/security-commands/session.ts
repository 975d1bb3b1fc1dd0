// 7E01 Session (2.4.4): SCRAM-structured logon, logoff, change of one's own password, status.
// A logon belongs to the connection it was made on; the device keeps only the verifier.

import { SecurityCommand, SecurityOperation } from '../../slmp/security-commands';
import type { ControllerSecurity } from '../controller-security';
import { END_CODES } from '../security/device-choices';
import { EndCodeError } from '../end-code-error';
import { fail, registerJsonCommand, str } from './json-command';

export function installSessionCommands(security: ControllerSecurity): void {
  const op = SecurityOperation.Session;
  // Every operation here may change lockout counters or passwords: persist after each.
  const saving = <T>(fn: () => T): T => {
    try {
      return fn();
    } finally {
      security.saveUsers();
    }
  };
  registerJsonCommand(security.controller, SecurityCommand.Session, {
    [op.LogonBegin]: (body, context) => {
      const userName = str(body, 'userName', 64);
      const clientNonce = str(body, 'clientNonceB64', 128);
      const begun = security.auth.beginLogon({ userName, clientNonce, peer: security.peerOf(context) });
      if (!begun.ok) fail(begun);
      const { logonId, salt, kdf, combinedNonce } = begun.challenge;
      return { logonId, saltB64: salt, kdf: { N: kdf.N, r: kdf.r, p: kdf.p }, combinedNonceB64: combinedNonce };
    },
    [op.LogonComplete]: (body, context) =>
      saving(() => {
        const logonId = str(body, 'logonId', 64);
        const clientProof = str(body, 'clientProofB64', 128);
        const done = security.auth.completeLogon({ logonId, clientProof, peer: security.peerOf(context) });
        if (!done.ok) fail(done);
        // One logon per connection: a new logon replaces the previous one quietly.
        const previous = security.sessionId(context);
        if (previous !== null) security.auth.dropSession(previous);
        security.setSession(context, { id: done.sessionId, userName: done.userName, group: done.group });
        return {
          serverSignatureB64: done.serverSignature,
          logonMessage: done.logonMessage,
          mustChangePassword: done.mustChangePassword,
          group: done.group,
          sessionTimeoutMinutes: security.auth.settings.sessionTimeoutMinutes,
        };
      }),
    [op.Logoff]: (_body, context) => {
      const sid = security.sessionId(context);
      if (sid !== null) security.auth.logoff(sid);
      security.setSession(context, undefined);
      return {};
    },
    [op.ChangeOwnPassword]: async (body, context) => {
      const sid = security.sessionId(context);
      if (sid === null) throw new EndCodeError(END_CODES['not-logged-on'], 'Log on first to change your password');
      security.requireProtectedLink(context, body, 'A password change');
      const currentPassword = str(body, 'currentPassword', 64);
      const newPassword = str(body, 'newPassword', 64);
      try {
        const changed = await security.auth.changeOwnPassword(sid, currentPassword, newPassword, security.peerOf(context));
        if (!changed.ok) {
          // A lockout at the password change also ends the logon.
          if (security.auth.session(sid) === null) security.setSession(context, undefined);
          fail(changed);
        }
        return {};
      } finally {
        security.saveUsers();
      }
    },
    [op.Status]: (_body, context) => {
      const sid = security.sessionId(context);
      const session = sid === null ? null : security.auth.session(sid);
      if (sid !== null && session === null) security.setSession(context, undefined);
      return {
        authenticationEnabled: security.auth.enabled,
        loggedOn: session !== null,
        ...(session && { userName: session.userName, group: session.group }),
      };
    },
  });
}
