// The instructions for GX Works3 in guide-and-verify: one per setting of the profile, named, with the
// profile's value, marked as the project's guidance, in English and Japanese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recommendedProfile } from '../../recommended-profile';
import type { ControllerProfile } from '../../../model/security-settings';
import { engineeringToolInstruction, instructionText } from './engineering-tool-guide';

for (const model of ['MXR300-32', 'MXF100-16-N32']) {
  test(`${model}: every setting of the profile has an instruction with its engineering-tool name and the profile's value, en and ja`, () => {
    const profile = recommendedProfile(model, { pcAddress: '192.0.2.50' }) as ControllerProfile;
    for (const key of Object.keys(profile.settings)) {
      const i = engineeringToolInstruction(key, profile);
      assert.notEqual(i.setting.en, 'this security setting', `${key} has a name`);
      assert.equal(i.source, 'project-guidance', 'no public manual text with the MX menu paths: marked as the project’s guidance');
      const en = instructionText(i, profile.system, 'en');
      const ja = instructionText(i, profile.system, 'ja');
      assert.match(en, /over the USB cable/);
      assert.match(en, /project guidance/);
      assert.match(ja, /USBケーブル/);
      assert.match(ja, /プロジェクトの案内/);
      // The logon message is the site's own text, quoted as written.
      if (key !== 'logonMessage') assert.doesNotMatch(ja, /\b(on|off|allow only|after \d+|valid \d+ days)\b/, `${key}: the Japanese value is in Japanese: ${ja}`);
    }
    const ip = engineeringToolInstruction('ipFilter', profile);
    assert.match(ip.value.en, /allow only: 192\.0\.2\.50/);
    assert.match(ip.value.ja, /許可のみ: 192\.0\.2\.50/);
    assert.match(instructionText(engineeringToolInstruction('lockout', profile), profile.system, 'en'), new RegExp(`after ${profile.settings.lockout.failures} failures`));
    assert.match(instructionText(ip, profile.system, 'en'), profile.system === 'mx-r' ? /GX Works3 1\.115V or later/ : /GX Works3 1\.120A or later/);
  });
}
