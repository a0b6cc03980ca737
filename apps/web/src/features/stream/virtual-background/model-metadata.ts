/**
 * The selfie segmentation model that ships in `@mediapipe/selfie_segmentation` (the only npm package that carries the
 * .tflite file) predates TFLite metadata, and the maintained runtime, `@mediapipe/tasks-vision`, refuses a float
 * input without it ("requires specifying NormalizationOptions metadata"). `withImageMetadata` adds the missing piece in
 * the browser before the model is handed over: a `TFLITE_METADATA` entry saying the input is an RGB image scaled to
 * [0, 1] (mean 0, std 255 — what the legacy graph's ImageToTensorCalculator did). Decision 036.
 *
 * The metadata itself is built with the flatbuffers library (tflite-support's metadata_schema.fbs, field slots noted
 * below). The model is a flatbuffer whose offsets point only forwards, so new vectors cannot be appended after the
 * tables they must reach: a new block (new root table, `buffers` and `metadata` vectors, the metadata's buffer) is put
 * in front of the old bytes, a multiple of 64 bytes long so every old buffer keeps its alignment, and the file's root
 * offset points at the new root table. The old root table stays, unused.
 */
import { Builder } from 'flatbuffers';

/** ModelMetadata for a one-input (RGB image in [0, 255] → float [0, 1]) one-output segmentation model. */
export function segmenterMetadata(): Uint8Array {
  const b = new Builder(512);
  const str = (s: string) => b.createString(s);
  const floats = (xs: number[]) => {
    b.startVector(4, xs.length, 4);
    for (let i = xs.length - 1; i >= 0; i--) b.addFloat32(xs[i]!);
    return b.endVector();
  };
  const offsets = (xs: number[]) => {
    b.startVector(4, xs.length, 4);
    for (let i = xs.length - 1; i >= 0; i--) b.addOffset(xs[i]!);
    return b.endVector();
  };
  // NormalizationOptions { mean: 0, std: 1 }
  const mean = floats([0]);
  const std = floats([255]);
  b.startObject(2);
  b.addFieldOffset(0, mean, 0);
  b.addFieldOffset(1, std, 0);
  const norm = b.endObject();
  // ProcessUnit { options_type: 0 (union tag; NormalizationOptions = 1), options: 1 }
  b.startObject(2);
  b.addFieldInt8(0, 1, 0);
  b.addFieldOffset(1, norm, 0);
  const unit = b.endObject();
  // ImageProperties { color_space: 0 (RGB = 1) }
  b.startObject(2);
  b.addFieldInt8(0, 1, 0);
  const imageProps = b.endObject();
  // Content { content_properties_type: 0 (ImageProperties = 2), content_properties: 1 }
  b.startObject(3);
  b.addFieldInt8(0, 2, 0);
  b.addFieldOffset(1, imageProps, 0);
  const content = b.endObject();
  // TensorMetadata { name: 0, content: 3, process_units: 4 }
  const inName = str('image');
  const units = offsets([unit]);
  b.startObject(7);
  b.addFieldOffset(0, inName, 0);
  b.addFieldOffset(3, content, 0);
  b.addFieldOffset(4, units, 0);
  const input = b.endObject();
  const outName = str('segmentation');
  b.startObject(7);
  b.addFieldOffset(0, outName, 0);
  const output = b.endObject();
  // SubGraphMetadata { input_tensor_metadata: 2, output_tensor_metadata: 3 }
  const ins = offsets([input]);
  const outs = offsets([output]);
  b.startObject(9);
  b.addFieldOffset(2, ins, 0);
  b.addFieldOffset(3, outs, 0);
  const subgraph = b.endObject();
  // ModelMetadata { name: 0, subgraph_metadata: 3, min_parser_version: 7 }
  const name = str('selfie_segmentation');
  const subgraphs = offsets([subgraph]);
  const parser = str('1.0.0');
  b.startObject(8);
  b.addFieldOffset(0, name, 0);
  b.addFieldOffset(3, subgraphs, 0);
  b.addFieldOffset(7, parser, 0);
  b.finish(b.endObject(), 'M001');
  return b.asUint8Array();
}

/** TFLite's Model table: the field slots this code reads or writes (tensorflow/lite/schema/schema.fbs). */
const MODEL_FIELDS = 8;
const BUFFERS = 4;
const METADATA = 6;
const OFFSET_FIELDS = new Set([1, 2, 3, 4, 5, 6, 7]); // all but `version` (slot 0, a uint)

/** Returns a copy of `model` (a .tflite file) carrying `metadata` as its TFLITE_METADATA entry. */
export function withImageMetadata(model: Uint8Array, metadata: Uint8Array = segmenterMetadata()): Uint8Array {
  const old = new DataView(model.buffer, model.byteOffset, model.byteLength);
  if (String.fromCharCode(...model.subarray(4, 8)) !== 'TFL3') throw new Error('Not a TFLite model.');
  const root = old.getUint32(0, true);
  const vtable = root - old.getInt32(root, true);
  const vtableSize = old.getUint16(vtable, true);
  /** The old root table's field: absolute position of the value, or null when absent. */
  const field = (slot: number): number | null => {
    if (4 + 2 * slot >= vtableSize) return null;
    const at = old.getUint16(vtable + 4 + 2 * slot, true);
    return at ? root + at : null;
  };
  const target = (slot: number): number | null => {
    const at = field(slot);
    return at == null ? null : at + old.getUint32(at, true);
  };
  const vectorItems = (slot: number): number[] => {
    const v = target(slot);
    if (v == null) return [];
    return Array.from({ length: old.getUint32(v, true) }, (_, i) => v + 4 + 4 * i + old.getUint32(v + 4 + 4 * i, true));
  };
  const oldBuffers = vectorItems(BUFFERS);
  const oldMetadata = vectorItems(METADATA);

  // Layout of the new block, in bytes from its start (the block begins at byte 8 of the new file).
  const at = { vtable: 0, root: 20, buffers: 56 };
  const rootSize = 4 + 4 * MODEL_FIELDS;
  const metaVec = at.buffers + 4 + 4 * (oldBuffers.length + 1);
  const metaVtable = metaVec + 4 + 4 * (oldMetadata.length + 1);
  const metaTable = metaVtable + 8;
  const bufVtable = metaTable + 12;
  const bufTable = bufVtable + 8; // vtable of 6 bytes padded to 8
  const name = bufTable + 8;
  const nameBytes = new TextEncoder().encode('TFLITE_METADATA');
  let dataLen = name + 4 + nameBytes.length + 1;
  // The metadata bytes start on a 16-byte boundary of the file (Buffer.data has force_align: 16).
  while ((8 + dataLen + 4) % 16) dataLen++;
  const data = dataLen;
  let size = data + 4 + metadata.length;
  while (size % 64) size++;
  const shift = size; // every old byte from position 8 on moves this far

  const out = new Uint8Array(model.length + size);
  const w = new DataView(out.buffer);
  out.set(model.subarray(0, 8), 0);
  out.set(model.subarray(8), 8 + size);
  const abs = (blockPos: number) => 8 + blockPos;
  /** Writes at `fromAbs` the forward offset to the old object that was at `oldAbs`. */
  const pointOld = (fromAbs: number, oldAbs: number) => w.setUint32(fromAbs, oldAbs + shift - fromAbs, true);
  const point = (fromAbs: number, toAbs: number) => w.setUint32(fromAbs, toAbs - fromAbs, true);

  w.setUint32(0, abs(at.root), true);
  // Root vtable: every field present, in slot order.
  w.setUint16(abs(at.vtable), 4 + 2 * MODEL_FIELDS, true);
  w.setUint16(abs(at.vtable) + 2, rootSize, true);
  for (let slot = 0; slot < MODEL_FIELDS; slot++) w.setUint16(abs(at.vtable) + 4 + 2 * slot, 4 + 4 * slot, true);
  w.setInt32(abs(at.root), at.root - at.vtable, true);
  for (let slot = 0; slot < MODEL_FIELDS; slot++) {
    const pos = abs(at.root) + 4 + 4 * slot;
    if (slot === BUFFERS) point(pos, abs(at.buffers));
    else if (slot === METADATA) point(pos, abs(metaVec));
    else if (slot === 0) w.setUint32(pos, field(0) == null ? 0 : old.getUint32(field(0)!, true), true);
    else if (OFFSET_FIELDS.has(slot)) {
      const t = target(slot);
      if (t != null) pointOld(pos, t);
      else w.setUint16(abs(at.vtable) + 4 + 2 * slot, 0, true); // absent in the old model: absent here too
    }
  }
  // buffers: the old ones, then ours.
  w.setUint32(abs(at.buffers), oldBuffers.length + 1, true);
  oldBuffers.forEach((t, i) => pointOld(abs(at.buffers) + 4 + 4 * i, t));
  point(abs(at.buffers) + 4 + 4 * oldBuffers.length, abs(bufTable));
  // metadata: the old entries (e.g. min_runtime_version), then ours.
  w.setUint32(abs(metaVec), oldMetadata.length + 1, true);
  oldMetadata.forEach((t, i) => pointOld(abs(metaVec) + 4 + 4 * i, t));
  point(abs(metaVec) + 4 + 4 * oldMetadata.length, abs(metaTable));
  // Metadata { name: string, buffer: uint }
  w.setUint16(abs(metaVtable), 8, true);
  w.setUint16(abs(metaVtable) + 2, 12, true);
  w.setUint16(abs(metaVtable) + 4, 4, true);
  w.setUint16(abs(metaVtable) + 6, 8, true);
  w.setInt32(abs(metaTable), metaTable - metaVtable, true);
  point(abs(metaTable) + 4, abs(name));
  w.setUint32(abs(metaTable) + 8, oldBuffers.length, true);
  // Buffer { data: [ubyte] }
  w.setUint16(abs(bufVtable), 6, true);
  w.setUint16(abs(bufVtable) + 2, 8, true);
  w.setUint16(abs(bufVtable) + 4, 4, true);
  w.setInt32(abs(bufTable), bufTable - bufVtable, true);
  point(abs(bufTable) + 4, abs(data));
  w.setUint32(abs(name), nameBytes.length, true);
  out.set(nameBytes, abs(name) + 4);
  w.setUint32(abs(data), metadata.length, true);
  out.set(metadata, abs(data) + 4);
  return out;
}
