// The FTP control connection's line splitting: bounded, whatever the peer sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandLineReader, type CommandLine } from './command-line-reader';

const drain = (r: CommandLineReader): CommandLine[] => {
  const out: CommandLine[] = [];
  for (let i = 0; i < 100; i++) {
    const l = r.next();
    if (!l) break;
    out.push(l);
  }
  return out;
};

test('lines end with CRLF or a bare LF, also when split across chunks', () => {
  const r = new CommandLineReader(16);
  r.push(Buffer.from('NOOP\r\nSY'));
  assert.deepEqual(drain(r), [{ kind: 'line', text: 'NOOP' }]);
  r.push(Buffer.from('ST\nQUIT\r\n'));
  assert.deepEqual(drain(r), [{ kind: 'line', text: 'SYST' }, { kind: 'line', text: 'QUIT' }]);
  assert.equal(r.buffered, 0);
});

test('an overlong line is dropped (the device keeps at most the limit) and reported once; the next line is read', () => {
  const r = new CommandLineReader(16);
  for (let i = 0; i < 10; i++) {
    r.push(Buffer.alloc(1000, 0x41));
    assert.deepEqual(drain(r), []);
    assert.ok(r.buffered < 16, 'nothing of the long line is kept');
  }
  r.push(Buffer.from('AAA\r\nNOOP\r\n'));
  assert.deepEqual(drain(r), [{ kind: 'overlong' }, { kind: 'line', text: 'NOOP' }]);
  r.push(Buffer.from(`${'B'.repeat(20)}\r\n`));
  assert.deepEqual(drain(r), [{ kind: 'overlong' }]);
});

test('control characters and bytes above 0x7E make a line malformed; clear() forgets pending input', () => {
  const r = new CommandLineReader(64);
  r.push(Buffer.from([0xff, 0xf4, 0x0d, 0x0a, 0x4e, 0x00, 0x0a]));
  assert.deepEqual(drain(r), [{ kind: 'malformed' }, { kind: 'malformed' }]);
  r.push(Buffer.from('USER injected\r\nPA'));
  r.clear();
  r.push(Buffer.from('SS x\r\n'));
  assert.deepEqual(drain(r), [{ kind: 'line', text: 'SS x' }]);
});
