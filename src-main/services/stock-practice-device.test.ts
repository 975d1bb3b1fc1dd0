// The stock practice controller as the app offers it: reached over Ethernet on the SLMP port opened for it
// (its USB cable carries nothing the app speaks), with the engineering-tool stand-in's channel where tests
// and journeys play GX Works3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMainService } from './create-main-service';
import { PracticeDevices, stockEngineeringToolSocket } from './practice-devices';
import { memoryStore } from '../commissioning/engine/device-registry';
import { EngineeringToolClient } from '../simulator/testing/engineering-tool-client';

test('a stock practice MX-R: connected over Ethernet, its stand-in channel is where the data directory says', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-stock-practice-'));
  const practice = new PracticeDevices(dir);
  const service = await createMainService({ host: 'browser', store: memoryStore(), dataDir: dir, practiceDevices: practice });
  try {
    const info = await service.connect({ via: 'practice', system: 'mx-r', model: 'MXR300-32', stock: true });
    assert.equal(info.identity.model, 'MXR300-32');
    assert.equal(info.identity.linkKind, 'ethernet', 'the stock controller is reached over Ethernet, not its USB cable');
    assert.equal(info.identity.virtual, true, 'still marked as a practice device');
    const socket = stockEngineeringToolSocket(dir, 'MXR300-32');
    assert.ok(existsSync(socket));
    const tool = await EngineeringToolClient.connect(socket);
    try {
      assert.equal((await tool.state()).pendingRestart, false);
    } finally {
      tool.close();
    }
    const plain = await practice.get('MXR300-32');
    assert.notEqual(plain.controller, (await practice.get('MXR300-32', { stock: true })).controller, 'the full practice device is another one');
  } finally {
    await service.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
