// Runs a command inside a loopback-only network namespace when this machine allows it, else runs it as is.
//
// Why: Chromium offers every address of the machine as an ICE candidate, also when the page talks to 127.0.0.1;
// on a box with several interfaces (containers, VPNs, Docker bridges) a browser WebRTC test can pick a pair that
// does not work and flake. Inside `unshare -n` the only interface is `lo`, so Chromium and the SFU
// (SFU_ICE_LOOPBACK=true) can only meet on 127.0.0.1. Nothing the e2e suite and the stream bench start needs the
// outer network: the server uses in-memory PGlite and the in-process fan-out, Chromium is local.
//
// How: as root `unshare -n`; otherwise `unshare -r -n` (a user namespace, where unprivileged user namespaces are
// enabled). Each is probed first by bringing `lo` up in a throwaway namespace; if neither works (no unshare, no
// iproute2, no permission) the command runs in the normal network. One line on stdout says which.
//
//   node scripts/loopback-netns.mjs <command> [args…]     (LOOPBACK_NETNS=off skips the namespace)
//   import { spawnArgs } from './loopback-netns.mjs'       → { cmd, args, how }
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// `$0`/`$@` carry the command through sh unchanged (no quoting problems); `exec` keeps the pid and exit status.
const INNER = ['sh', '-c', 'ip link set lo up && exec "$0" "$@"'];

/** The unshare flags that work here, or null. Probed once per call; costs ~10 ms. */
export function usableUnshareFlags() {
  if (process.platform !== 'linux' || process.env.LOOPBACK_NETNS === 'off') return null;
  const candidates = process.getuid?.() === 0 ? [['-n'], ['-r', '-n']] : [['-r', '-n']];
  for (const flags of candidates) {
    const probe = spawnSync('unshare', [...flags, 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore', timeout: 5000 });
    if (probe.status === 0) return flags;
  }
  return null;
}

/** How to start `cmd args` in a loopback-only namespace if possible; `how` is a line for the log. */
export function spawnArgs(cmd, args) {
  const flags = usableUnshareFlags();
  if (!flags) {
    const why =
      process.env.LOOPBACK_NETNS === 'off' ? 'LOOPBACK_NETNS=off' : 'needs Linux, unshare, iproute2 and root or user namespaces';
    return { cmd, args, how: `network: normal (no loopback-only namespace: ${why})` };
  }
  return {
    cmd: 'unshare',
    args: [...flags, ...INNER, cmd, ...args],
    how: `network: loopback-only namespace (unshare ${flags.join(' ')}; only lo, 127.0.0.1)`,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [cmd, ...args] = process.argv.slice(2);
  if (!cmd) {
    console.error('usage: node scripts/loopback-netns.mjs <command> [args…]');
    process.exit(2);
  }
  const s = spawnArgs(cmd, args);
  console.log(s.how);
  const child = spawn(s.cmd, s.args, { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
