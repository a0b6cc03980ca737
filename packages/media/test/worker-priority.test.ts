import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { Sfu } from '../src/sfu.ts';
import { until } from './support/peers.ts';

/** Nice values of this process's threads (Linux /proc; field 19 of a task's stat line). */
function threadNices(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

describe('forwarding worker priority', { skip: process.platform !== 'linux' && 'Linux thread priorities' }, () => {
  it('sets the nice value of the worker threads only', async () => {
    assert.ok(!threadNices().includes(7));
    const sfu = new Sfu({ forwardWorkers: 2, forwardWorkerNice: 7 });
    try {
      await sfu.ready(); // booting two workers through tsx on a busy box can take most of the deadline below
      await until(() => threadNices().filter((n) => n === 7).length === 2, 10_000, 'two worker threads at nice 7');
      assert.equal(threadNices()[0], 0, 'the main thread keeps its priority');
    } finally {
      await sfu.close();
    }
  });
});
