// The e2e suite and the stream bench run through scripts/loopback-netns.mjs: inside a loopback-only network
// namespace where the machine allows one (root, or unprivileged user namespaces), in the normal network otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';

const wrapper = fileURLToPath(new URL('loopback-netns.mjs', import.meta.url));
// Prints the interface names the child sees, then exits 7 so the test can see the status come back.
const probe = `console.log('IFACES ' + Object.keys(require('node:os').networkInterfaces()).sort().join(',')); process.exit(7)`;

function runWrapped(env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [wrapper, process.execPath, '-e', probe], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { status: r.status, how: r.stdout.split('\n')[0]!, ifaces: /^IFACES (.*)$/m.exec(r.stdout)?.[1] };
}

test('the wrapped command sees only lo when a loopback-only namespace is used, and its exit status comes back', () => {
  const r = runWrapped();
  assert.equal(r.status, 7);
  assert.match(r.how, /^network: (loopback-only namespace|normal)/);
  if (r.how.startsWith('network: loopback-only')) assert.equal(r.ifaces, 'lo');
  else assert.equal(r.ifaces, Object.keys(networkInterfaces()).sort().join(','));
});

test('LOOPBACK_NETNS=off runs the command in the normal network and says so', () => {
  const r = runWrapped({ LOOPBACK_NETNS: 'off' });
  assert.equal(r.status, 7);
  assert.equal(r.how, 'network: normal (no loopback-only namespace: LOOPBACK_NETNS=off)');
  assert.equal(r.ifaces, Object.keys(networkInterfaces()).sort().join(','));
});

test(
  'as root on Linux with unshare and iproute2 (as in CI), the namespace is used',
  { skip: process.getuid?.() !== 0 || spawnSync('unshare', ['--version']).status !== 0 || spawnSync('ip', ['-V']).status !== 0 },
  () => {
    const r = runWrapped();
    assert.equal(r.how, 'network: loopback-only namespace (unshare -n; only lo, 127.0.0.1)');
    assert.equal(r.ifaces, 'lo');
  },
);
