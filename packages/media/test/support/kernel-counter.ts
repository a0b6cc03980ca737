// Load-generator help for the capacity bench: counts (and drops) the RTP packets the SFU sends to a set of viewer
// ports inside the kernel, with an nftables set whose elements carry counters, so the counting viewers cost the
// machine nothing in user space. Only RTP is matched (first byte 128–191 and second byte outside the RTCP types
// 192–223, RFC 7983/5761): STUN consent checks, DTLS and RTCP still reach the viewer's werift socket, so its ICE
// session stays alive and the SFU does exactly the same work for it as for any viewer (encrypt + send; the kernel
// then drops the datagram at the input hook instead of queueing it on the socket).
// Needs root in the bench's own network namespace and Debian's `nftables`; `create()` returns undefined otherwise.
import { execFileSync } from 'node:child_process';

export class KernelCounter {
  private constructor(private readonly table: string) {}

  static create(): KernelCounter | undefined {
    const table = `psbench${process.pid}`;
    try {
      nft(['add', 'table', 'inet', table]);
      nft(['add', 'set', 'inet', table, 'ports', '{ type inet_service; counter; }']);
      nft(['add', 'chain', 'inet', table, 'in', '{ type filter hook input priority 0; }']);
      nft([
        'add',
        'rule',
        'inet',
        table,
        'in',
        'meta',
        'l4proto',
        'udp',
        '@th,64,8',
        '128-191',
        '@th,72,8',
        '!=',
        '192-223',
        'udp',
        'dport',
        '@ports',
        'drop',
      ]);
      return new KernelCounter(table);
    } catch {
      try {
        nft(['delete', 'table', 'inet', table]);
      } catch {
        // never created
      }
      return undefined;
    }
  }

  /** Starts counting (and dropping) RTP to these local UDP ports. */
  add(ports: number[]): void {
    if (ports.length) nft(['add', 'element', 'inet', this.table, 'ports', `{ ${ports.join(', ')} }`]);
  }

  /** RTP packets counted per port since it was added. */
  read(): Map<number, number> {
    const out = JSON.parse(nft(['-j', 'list', 'set', 'inet', this.table, 'ports'])) as {
      nftables: { set?: { elem?: { elem: { val: number; counter: { packets: number } } }[] } }[];
    };
    const counts = new Map<number, number>();
    for (const item of out.nftables) for (const e of item.set?.elem ?? []) counts.set(e.elem.val, e.elem.counter.packets);
    return counts;
  }

  total(): number {
    let sum = 0;
    for (const n of this.read().values()) sum += n;
    return sum;
  }

  close(): void {
    try {
      nft(['delete', 'table', 'inet', this.table]);
    } catch {
      // already gone with the namespace
    }
  }
}

function nft(args: string[]): string {
  return execFileSync('nft', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
