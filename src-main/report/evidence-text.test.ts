// Evidence as people read it: a service or an authority by its name in the report's language, never its id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceLines } from './evidence-text';

test('known ids in evidence read as their names, in English and Japanese', () => {
  const evidence = [{ what: 'open default ports', value: 'port3/melsoft-udp; port3/melsoft-tcp' }, { what: 'default open ports', value: { port3: { 'cpu-search': 'closed' } } }];
  const [en, ports] = evidenceLines(evidence, 'en');
  assert.equal(en, 'Open default ports: port3/MELSOFT connection (UDP); port3/MELSOFT connection (TCP)');
  assert.doesNotMatch(ports!, /cpu-search/);
  const [ja] = evidenceLines(evidence, 'ja');
  assert.doesNotMatch(ja!, /melsoft-udp/);
});
