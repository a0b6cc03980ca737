import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ByteBuffer } from 'flatbuffers';
import { segmenterMetadata, withImageMetadata } from './model-metadata.ts';

const require = createRequire(import.meta.url);
const model = new Uint8Array(
  readFileSync(require.resolve('@mediapipe/selfie_segmentation/selfie_segmentation_landscape.tflite')),
);

/** A minimal flatbuffer table reader over the library's ByteBuffer (TFLite and metadata schemas' slots). */
function table(bb: ByteBuffer, pos: number) {
  const field = (slot: number) => bb.__offset(pos, 4 + 2 * slot);
  return {
    has: (slot: number) => field(slot) !== 0,
    uint: (slot: number) => bb.readUint32(pos + field(slot)),
    int8: (slot: number) => bb.readInt8(pos + field(slot)),
    table: (slot: number) => table(bb, bb.__indirect(pos + field(slot))),
    string: (slot: number) => bb.__string(pos + field(slot)) as string,
    vector: (slot: number) => {
      const at = pos + field(slot);
      return { length: bb.__vector_len(at), start: bb.__vector(at) };
    },
    vectorTable: (slot: number, i: number) => table(bb, bb.__indirect(bb.__vector(pos + field(slot)) + 4 * i)),
  };
}
const root = (bytes: Uint8Array) => {
  const bb = new ByteBuffer(bytes);
  return { bb, root: table(bb, bb.readInt32(0) + 0) };
};

describe('TFLite metadata for the selfie segmentation model (decision 036)', () => {
  it('the shipped model has none: the reason for this code', () => {
    const { root: m } = root(model);
    assert.equal(m.has(6), false, 'no metadata vector');
  });

  it('adds a TFLITE_METADATA entry whose buffer is a ModelMetadata with RGB input normalised by mean 0, std 255', () => {
    const out = withImageMetadata(model);
    const { bb, root: m } = root(out);
    assert.equal(String.fromCharCode(...out.subarray(4, 8)), 'TFL3');
    const entries = m.vector(6).length;
    const entry = m.vectorTable(6, entries - 1);
    assert.equal(entry.string(0), 'TFLITE_METADATA');
    const buffer = m.vectorTable(4, entry.uint(1));
    const data = buffer.vector(0);
    assert.equal(data.start % 16, 0, 'metadata bytes 16-aligned (Buffer.data force_align: 16)');
    const meta = new Uint8Array(bb.bytes().buffer, bb.bytes().byteOffset + data.start, data.length);
    assert.deepEqual(meta, segmenterMetadata());
    assert.equal(String.fromCharCode(...meta.subarray(4, 8)), 'M001');

    const mm = root(new Uint8Array(meta)).root;
    assert.equal(mm.string(0), 'selfie_segmentation');
    const input = mm.vectorTable(3, 0).vectorTable(2, 0);
    const content = input.table(3);
    assert.equal(content.int8(0), 2, 'ImageProperties');
    assert.equal(content.table(1).int8(0), 1, 'RGB');
    const unit = input.vectorTable(4, 0);
    assert.equal(unit.int8(0), 1, 'NormalizationOptions');
    const norm = unit.table(1);
    const floats = (slot: number) => {
      const v = norm.vector(slot);
      return Array.from({ length: v.length }, (_, i) => metaBuffer(meta).readFloat32(v.start + 4 * i));
    };
    assert.deepEqual([floats(0), floats(1)], [[0], [255]]);
  });

  it('keeps everything else: version, every old buffer byte for byte, subgraphs and operators', () => {
    const before = root(model);
    const after = root(withImageMetadata(model));
    assert.equal(after.root.uint(0), before.root.uint(0), 'version');
    const n = before.root.vector(4).length;
    assert.equal(after.root.vector(4).length, n + 1);
    for (let i = 0; i < n; i++) {
      const a = before.root.vectorTable(4, i);
      const b = after.root.vectorTable(4, i);
      if (!a.has(0)) {
        assert.equal(b.has(0), false);
        continue;
      }
      const va = a.vector(0);
      const vb = b.vector(0);
      assert.deepEqual(
        after.bb.bytes().subarray(vb.start, vb.start + vb.length),
        before.bb.bytes().subarray(va.start, va.start + va.length),
        `buffer ${i}`,
      );
      assert.equal(vb.start % 16, va.start % 16, `buffer ${i} keeps its alignment`);
    }
    assert.equal(after.root.vector(2).length, before.root.vector(2).length, 'subgraphs');
    assert.equal(after.root.vector(1).length, before.root.vector(1).length, 'operator codes');
  });

  it('refuses a file that is not a TFLite model', () => {
    assert.throws(() => withImageMetadata(new Uint8Array(64)), /Not a TFLite model/);
  });
});

const metaBuffer = (bytes: Uint8Array) => new ByteBuffer(bytes);
